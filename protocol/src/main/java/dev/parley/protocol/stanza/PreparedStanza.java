package dev.parley.protocol.stanza;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import dev.parley.protocol.xml.Namespaces;
import dev.parley.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A stanza serialised once, for a fan-out: a room sends the same message to N occupants, and only the
 * {@code to} differs. The stanza is written once without its {@code to}, split after its name, and each
 * copy is {@code head + " to='…'" + tail}: N copies cost N small byte copies, not N serialisations.
 *
 * <p>The tail is written in the scope of a {@code jabber:client} stream; a copy for a WebSocket frame
 * (a standalone document, RFC 7395 §3.3.3) also declares {@code xmlns='jabber:client'}, and the same tail
 * serves because the children inherit that default namespace either way.
 */
public final class PreparedStanza {
    private static final byte[] XMLNS = (" xmlns='" + Namespaces.JABBER_CLIENT + "'").getBytes(StandardCharsets.UTF_8);
    private static final byte[] TO_OPEN = " to='".getBytes(StandardCharsets.UTF_8);
    private static final byte[] QUOTE = {'\''};
    private static final NamespaceScope CLIENT = NamespaceScope.ofDefault(Namespaces.JABBER_CLIENT);

    /** The stanza without its 'to': given, or parsed from the bytes when first asked for (see {@link #ofBytes}). */
    private volatile Element template;
    private final java.util.function.Function<byte[], Element> parser;
    private final byte[] head;
    private final byte[] tail;

    private PreparedStanza(Element template, byte[] head, byte[] tail, java.util.function.Function<byte[], Element> parser) {
        this.template = template;
        this.head = head;
        this.tail = tail;
        this.parser = parser;
    }

    /**
     * A stanza prepared elsewhere (on another node), from its bytes as {@link #head()} and {@link #tail()} gave
     * them: nothing is parsed or written again to deliver it. The element is parsed, once, only when asked for
     * (a stream-management queue, a bounce): {@code parser} reads one standalone jabber:client stanza.
     */
    public static PreparedStanza ofBytes(byte[] head, byte[] tail, java.util.function.Function<byte[], Element> parser) {
        if (head.length < 2 || head[0] != '<') throw new IllegalArgumentException("not the head of a stanza");
        return new PreparedStanza(null, head, tail, parser);
    }

    /** The bytes before the place of 'to': the start of the start tag and its name. */
    public byte[] head() {
        return head.clone();
    }

    /** The bytes after the place of 'to': the other attributes, the children, the end tag. */
    public byte[] tail() {
        return tail.clone();
    }

    private static final byte[] MESSAGE = "<message".getBytes(StandardCharsets.UTF_8);

    /** Whether the stanza is a message (read from its bytes: nothing is parsed). */
    public boolean isMessage() {
        return Arrays.equals(head, MESSAGE);
    }

    /** Prepares {@code stanza} (a message, presence or iq in jabber:client); its own 'to', if any, is dropped. */
    public static PreparedStanza of(Element stanza) {
        if (!stanza.namespace().equals(Namespaces.JABBER_CLIENT)) {
            throw new IllegalArgumentException("not a jabber:client stanza: " + stanza.name());
        }
        Element template = stanza.withAttribute("to", null);
        byte[] all = XmlWriter.toBytes(template, CLIENT);
        int split = 1 + template.name().getBytes(StandardCharsets.UTF_8).length; // after "<name"
        return new PreparedStanza(template, Arrays.copyOfRange(all, 0, split), Arrays.copyOfRange(all, split, all.length), null);
    }

    /**
     * Prepares {@code stanza} and keeps only its bytes, for a stanza kept long and sent often (an occupant's
     * presence in its room): the element is parsed back from them, once, only when asked for, as for
     * {@link #ofBytes}.
     */
    public static PreparedStanza compact(Element stanza, java.util.function.Function<byte[], Element> parser) {
        PreparedStanza p = of(stanza);
        return new PreparedStanza(null, p.head, p.tail, parser);
    }

    /**
     * Whether the stanza's start tag carries the unprefixed attribute {@code name} with exactly {@code value},
     * read from the prepared bytes without parsing the stanza (a session matching a room's reflection of its
     * client's message by id, among all the room's messages).
     */
    public boolean hasAttribute(String name, String value) {
        XmlWriter w = new XmlWriter();
        w.writeRaw((" " + name + "='").getBytes(StandardCharsets.UTF_8));
        w.writeAttributeValue(value);
        w.writeRaw(new byte[] {'\''});
        byte[] want = w.toByteArray();
        boolean quoted = false;
        for (int i = 0; i < tail.length; i++) {
            byte b = tail[i];
            if (b == '\'') {
                quoted = !quoted;
            } else if (!quoted) {
                if (b == '>') return false; // the end of the start tag
                if (b == ' ' && regionMatches(tail, i, want)) return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(byte[] bytes, int at, byte[] want) {
        if (at + want.length > bytes.length) return false;
        for (int j = 0; j < want.length; j++) if (bytes[at + j] != want[j]) return false;
        return true;
    }

    /** The stanza addressed to {@code to}, as an element (for stream-management queues and bounces). */
    public Element element(String to) {
        return template().withAttribute("to", to);
    }

    /** The stanza without a 'to'. */
    public Element template() {
        Element t = template;
        if (t == null) {
            // a standalone document: the jabber:client namespace declared, as in a WebSocket frame
            byte[] doc = new byte[head.length + XMLNS.length + tail.length];
            System.arraycopy(head, 0, doc, 0, head.length);
            System.arraycopy(XMLNS, 0, doc, head.length, XMLNS.length);
            System.arraycopy(tail, 0, doc, head.length + XMLNS.length, tail.length);
            t = parser.apply(doc);
            template = t; // a race parses twice, to equal results
        }
        return t;
    }

    /** Bytes of one copy, before its 'to'. */
    public int size() {
        return head.length + tail.length;
    }

    /**
     * Writes the copy for {@code to}. {@code declareNamespace}: for a standalone document (a WebSocket
     * frame); false inside a jabber:client stream.
     */
    public void writeTo(XmlWriter writer, String to, boolean declareNamespace) {
        writer.writeRaw(head);
        if (declareNamespace) writer.writeRaw(XMLNS);
        writer.writeRaw(TO_OPEN);
        writer.writeAttributeValue(to);
        writer.writeRaw(QUOTE);
        writer.writeRaw(tail);
    }
}
