package dev.parley.server.session;

/** Namespaces of the stream-level protocols a session speaks. */
final class Xmpp {
    static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    static final String SM = "urn:xmpp:sm:3";
    static final String STREAMS = "http://etherx.jabber.org/streams";
    static final String REGISTER = "jabber:iq:register";
    static final String REGISTER_FEATURE = "http://jabber.org/features/iq-register";
    static final String PING = "urn:xmpp:ping";
    static final String VERSION = "jabber:iq:version";
    static final String ROSTER = "jabber:iq:roster";

    private Xmpp() {}

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A fresh random identifier (stream ids, generated resources, stream-management ids): 96 bits, base64url. */
    static String newId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
