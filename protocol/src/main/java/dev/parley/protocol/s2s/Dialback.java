package dev.parley.protocol.s2s;

import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * XEP-0220 Server Dialback: the {@code <db:result/>} and {@code <db:verify/>} elements of namespace
 * {@value #NAMESPACE}, each a request (carrying the dialback key), an answer ('type' valid or invalid) or a
 * dialback error (type error, §2.5); the key itself, as XEP-0185 generates it; and the stream feature that
 * advertises dialback with error handling (§2.4.2).
 *
 * @param verify a {@code <db:verify/>} (Receiving Server to Authoritative Server, §2.1.2, §2.2.2); otherwise a
 *     {@code <db:result/>} (§2.1.1, §2.2.1)
 * @param from the Sender Domain of a request (or of the answer, the Target Domain)
 * @param to the Target Domain of a request
 * @param id the stream id a verify is about; null on a result
 * @param key the dialback key of a request; null on an answer
 * @param type null on a request; "valid", "invalid" or "error" on an answer
 * @param error the stanza error of type "error" (§2.5), else null
 */
public record Dialback(boolean verify, String from, String to, String id, String key, String type, StanzaError.Condition error) {
    public static final String NAMESPACE = "jabber:server:dialback";
    public static final String FEATURE_NAMESPACE = "urn:xmpp:features:dialback";

    /** A request: the Initiating Server's key (§2.1.1, result) or the Receiving Server's question (§2.1.2, verify). */
    public static Dialback request(boolean verify, String from, String to, String id, String key) {
        return new Dialback(verify, from, to, id, key, null, null);
    }

    /** The answer to {@code request}, from its 'to' back to its 'from': valid or invalid (§2.2.1, §2.2.2). */
    public static Dialback answer(Dialback request, boolean valid) {
        return new Dialback(request.verify, request.to, request.from, request.id, null, valid ? "valid" : "invalid", null);
    }

    /** A dialback error answering {@code request} (§2.5, Table 1). */
    public static Dialback error(Dialback request, StanzaError.Condition condition) {
        return new Dialback(request.verify, request.to, request.from, request.id, null, "error", condition);
    }

    public boolean isRequest() {
        return type == null;
    }

    public boolean valid() {
        return "valid".equals(type);
    }

    /** Reads a db:result or db:verify; null for anything else, or one without its 'from' and 'to'. */
    public static Dialback from(Element e) {
        if (e == null || !NAMESPACE.equals(e.namespace()) || !(e.name().equals("result") || e.name().equals("verify"))) return null;
        String from = e.attribute("from"), to = e.attribute("to");
        if (from == null || to == null) return null;
        boolean verify = e.name().equals("verify");
        String type = e.attribute("type");
        StanzaError.Condition condition = null;
        if ("error".equals(type)) {
            Element error = e.child("error", "jabber:server");
            if (error == null) error = e.child("error", NAMESPACE);
            if (error != null) {
                for (Element c : error.elements()) {
                    StanzaError.Condition named = StanzaError.NAMESPACE.equals(c.namespace()) ? StanzaError.Condition.fromElementName(c.name()) : null;
                    if (named != null) condition = named;
                }
            }
            if (condition == null) condition = StanzaError.Condition.UNDEFINED_CONDITION;
        }
        String key = type == null ? e.text().strip() : null;
        return new Dialback(verify, from, to, e.attribute("id"), key, type, condition);
    }

    public Element toElement() {
        Element.Builder b = Element.builder(verify ? "verify" : "result", NAMESPACE).attribute("from", from).attribute("to", to).attribute("id", id)
                .attribute("type", type);
        if (key != null) b.text(key);
        if (error != null) {
            b.add(StanzaError.of(error).toElement("jabber:server"));
        }
        return b.build();
    }

    /**
     * XEP-0185 §3 (as XEP-0220 §2.1.1 uses it): HMAC-SHA256, keyed with the hex SHA-256 of the server's dialback
     * secret, of "{receiving} {originating} {stream id}", in hex. A server that knows its secret recomputes the key
     * of any stream it opened and needs to remember nothing.
     */
    public static String key(String secret, String receivingDomain, String originatingDomain, String streamId) {
        try {
            byte[] hashed = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashed, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((receivingDomain + " " + originatingDomain + " " + streamId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code key} is the one {@link #key} gives, compared in constant time. */
    public static boolean verifies(String key, String secret, String receivingDomain, String originatingDomain, String streamId) {
        if (key == null) return false;
        byte[] expected = key(secret, receivingDomain, originatingDomain, streamId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, key.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** §2.4.2: the stream feature of dialback with error handling. */
    public static Element feature() {
        return Element.builder("dialback", FEATURE_NAMESPACE).add(Element.of("errors", FEATURE_NAMESPACE)).build();
    }
}
