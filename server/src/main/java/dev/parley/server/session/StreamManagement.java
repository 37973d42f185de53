package dev.parley.server.session;

import dev.parley.protocol.xml.Element;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * XEP-0198 state of one session: how many stanzas we handled from the client (our 'h'), and the stanzas
 * we sent that the client has not acknowledged yet, to resend on resumption or bounce when the session
 * ends. Counters wrap at 2^32 (§4).
 */
final class StreamManagement {
    static final long MOD = 1L << 32;

    final String id;
    final boolean resumable;
    /** Stanzas received from the client and handled. */
    long inbound;
    /** Stanzas sent to the client, counted as the client counts them. */
    private long sentCount;
    /**
     * Sent and not yet acknowledged, oldest first: an {@link Element}, or a {@link Copy} of a prepared stanza
     * (kept as it was sent: the element is made only if the stanza is sent again or bounced).
     */
    private final ArrayDeque<Object> unacked = new ArrayDeque<>();

    /** One copy of a fan-out, as sent. */
    private record Copy(dev.parley.protocol.stanza.PreparedStanza stanza, String to) {}
    /** The 'h' of the client's last ack. */
    private long acked;
    int sinceLastRequest;

    StreamManagement(String id, boolean resumable) {
        this.id = id;
        this.resumable = resumable;
    }

    void handledInbound() {
        inbound = (inbound + 1) % MOD;
    }

    void sent(Element stanza) {
        counted(stanza);
    }

    void sent(dev.parley.protocol.stanza.PreparedStanza stanza, String to) {
        counted(new Copy(stanza, to));
    }

    private void counted(Object stanza) {
        unacked.addLast(stanza);
        sentCount = (sentCount + 1) % MOD;
        sinceLastRequest++;
    }

    private static Element element(Object unackedEntry) {
        return unackedEntry instanceof Copy c ? c.stanza().element(c.to()) : (Element) unackedEntry;
    }

    int unackedCount() {
        return unacked.size();
    }

    /**
     * Applies the client's 'h'. Returns false when h acknowledges more than was sent (the client is wrong:
     * §4 says close with undefined-condition and handled-count-too-high).
     */
    boolean acknowledge(long h) {
        long newly = (h - acked + MOD) % MOD;
        if (newly > unacked.size()) return false;
        for (long i = 0; i < newly; i++) unacked.removeFirst();
        acked = h % MOD;
        return true;
    }

    long sentCount() {
        return sentCount;
    }

    /** The unacknowledged stanzas, oldest first (to resend, or to bounce). */
    List<Element> unacknowledged() {
        List<Element> out = new ArrayList<>(unacked.size());
        for (Object o : unacked) out.add(element(o));
        return out;
    }

    /** Forget all unacknowledged stanzas (they were resent and count anew, or were bounced). */
    List<Element> drain() {
        List<Element> out = unacknowledged();
        unacked.clear();
        acked = sentCount;
        return out;
    }

    static Element ackRequest() {
        return Element.of("r", Xmpp.SM);
    }

    Element ack() {
        return Element.builder("a", Xmpp.SM).attribute("h", Long.toString(inbound)).build();
    }

    /** {@code <failed/>} with a stanza error condition (XEP-0198 §3, §5). */
    static Element failed(dev.parley.protocol.stanza.StanzaError.Condition condition) {
        return Element.builder("failed", Xmpp.SM).add(Element.of(condition.elementName(), dev.parley.protocol.stanza.StanzaError.NAMESPACE)).build();
    }

    /** An 'h' value: an unsigned 32-bit integer, or null when it is not one. */
    static Long parseH(String h) {
        if (h == null) return null;
        try {
            long v = Long.parseLong(h.trim());
            return v < 0 || v >= MOD ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether an element the session sends counts as a stanza for the client's 'h' (XEP-0198 §4). */
    static boolean isStanza(dev.parley.protocol.xml.Element e) {
        return e.namespace().equals(dev.parley.protocol.xml.Namespaces.JABBER_CLIENT) && (e.name().equals(dev.parley.protocol.stanza.Message.ELEMENT)
                || e.name().equals(dev.parley.protocol.stanza.Presence.ELEMENT) || e.name().equals(dev.parley.protocol.stanza.Iq.ELEMENT));
    }

    /**
     * XEP-0198 §4: a stanza the client never acknowledged is undeliverable (RFC 6121 §8.5): the error to
     * send its sender, addressed to the sender; null for what is not answered (errors, presence, results,
     * groupchat, or no sender).
     */
    static dev.parley.protocol.stanza.Stanza undeliverable(dev.parley.protocol.xml.Element e) {
        dev.parley.protocol.stanza.Stanza s = dev.parley.protocol.stanza.Stanza.from(e);
        if (s == null || "error".equals(s.typeAttribute()) || s instanceof dev.parley.protocol.stanza.Presence) return null;
        if (s instanceof dev.parley.protocol.stanza.Iq iq && !iq.type().isRequest()) return null;
        if (s instanceof dev.parley.protocol.stanza.Message m && m.type() == dev.parley.protocol.stanza.Message.Type.GROUPCHAT) return null;
        if (dev.parley.protocol.jid.Jid.parseOrNull(s.fromAttribute()) == null) return null;
        return s.errorReply(dev.parley.protocol.stanza.StanzaError.of(dev.parley.protocol.stanza.StanzaError.Condition.RECIPIENT_UNAVAILABLE), true);
    }
}
