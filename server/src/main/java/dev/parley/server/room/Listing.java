package dev.parley.server.room;

import dev.parley.server.wire.CborSerializable;

/**
 * How the service lists a public room (XEP-0045 §6.3) and finds it in a search (XEP-0433 §6.2): what the
 * room publishes to the cluster-wide {@link RoomDirectory}. The occupant count may be a few seconds old.
 *
 * @param open entering needs no credentials: neither members-only nor password-protected
 * @param persistent the room outlives its occupants (and the node that hosts it)
 * @param host the cluster address of the node that hosts the room now (null: none, until it loads again)
 */
public record Listing(String name, String description, String language, int occupants, boolean open, boolean nonAnonymous,
        boolean persistent, String host) implements CborSerializable {
    public Listing(String name, String description, String language, int occupants, boolean open, boolean nonAnonymous) {
        this(name, description, language, occupants, open, nonAnonymous, false, null);
    }

    Listing hostedBy(String address) {
        return new Listing(name, description, language, occupants, open, nonAnonymous, persistent, address);
    }

    Listing withOccupants(int n) {
        return new Listing(name, description, language, n, open, nonAnonymous, persistent, host);
    }
}
