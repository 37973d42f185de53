package dev.parley.server.delivery;

import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import dev.parley.server.wire.CborSerializable;

/**
 * What a client's session accepts from the rest of the server: the root of its actor's protocol. Rooms,
 * the user registry and other sessions hold an {@code ActorRef<Inbox>}, never the session class itself,
 * so that the room core does not depend on the session (and the session's own commands stay its own).
 */
public interface Inbox {
    /** A stanza for the client, addressed already. */
    record Deliver(Element stanza) implements Inbox, CborSerializable {}

    /** One copy of a fan-out (a room's broadcast), serialised once for all recipients, for the client at {@code to}. */
    record DeliverPrepared(PreparedStanza stanza, String to) implements Inbox, CborSerializable {}

    /** Several stanzas serialised already, for the client at {@code to}, in this order (a newcomer's welcome). */
    record DeliverAll(java.util.List<PreparedStanza> stanzas, String to) implements Inbox, CborSerializable {}

    /**
     * The room {@code room}, which the client is in, runs as {@code entity} now (on entering, and when the room
     * started anew elsewhere): the session watches it, and when it stops (it moves, or its node is lost), or when
     * the next one says it runs the room, sends the room again what the room has not reflected yet (sharding may
     * drop what is in flight to a room that moves). {@code back}: the room started anew with its occupants, and
     * holds what the session sent until the session says it has caught up (room/CatchUp).
     */
    record RoomAt(String room, org.apache.pekko.actor.typed.ActorRef<?> entity, boolean back) implements Inbox, CborSerializable {}
}
