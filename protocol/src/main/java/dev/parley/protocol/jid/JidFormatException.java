package dev.parley.protocol.jid;

/** A string that is not a valid JID or JID part (RFC 7622); maps to the {@code jid-malformed} stanza error. */
public final class JidFormatException extends IllegalArgumentException {
    public JidFormatException(String message) {
        super(message);
    }

    public JidFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
