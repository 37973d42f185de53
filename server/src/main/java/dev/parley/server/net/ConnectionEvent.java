package dev.parley.server.net;

import dev.parley.protocol.stream.StreamEvent;

/**
 * What a connection tells the session that owns it. Each event names its connection, so a session that
 * moved to a new connection (stream resumption) can ignore the old one. Node-local by design: they carry
 * the connection, so they are never serialised.
 */
public sealed interface ConnectionEvent extends org.apache.pekko.actor.NoSerializationVerificationNeeded {
    Connection source();

    /** A parsed stream event: header, element, close, or a parse failure. */
    record Inbound(Connection source, StreamEvent event) implements ConnectionEvent {}

    /** The chunk read from the socket is fully reported; the connection reads again when asked to. */
    record ReadComplete(Connection source) implements ConnectionEvent {}

    /** The socket is closed. */
    record Closed(Connection source) implements ConnectionEvent {}
}
