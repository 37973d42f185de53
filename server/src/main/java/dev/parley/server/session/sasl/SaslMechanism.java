package dev.parley.server.session.sasl;

/**
 * The server side of one SASL exchange (RFC 4422). Not thread-safe, used for one authentication; its
 * methods may block on the account store, so the session runs them on the blocking dispatcher.
 */
public interface SaslMechanism {
    /** The first step: the {@code <auth/>} element's initial response (empty array when "=", null when absent). */
    SaslStep start(byte[] initialResponse);

    /** A {@code <response/>} to our last challenge. */
    SaslStep respond(byte[] response);
}
