package dev.parley.server.room;

import dev.parley.server.CborSerializable;

/**
 * How the service lists a public room (XEP-0045 §6.3) and finds it in a search (XEP-0433 §6.2): what the
 * room publishes to the cluster-wide {@link RoomDirectory}. The occupant count may be a few seconds old.
 *
 * @param open entering needs no credentials: neither members-only nor password-protected
 */
public record Listing(String name, String description, String language, int occupants, boolean open, boolean nonAnonymous)
        implements CborSerializable {}
