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
    /** One of the shared {@link #HEADS} for the three stanza kinds: a stanza kept long keeps no head of its own. */
    private final byte[] head;
    private final byte[] tail;
    /**
     * The bytes of {@link #tail} this stanza leaves out, {@code [cutFrom, cutTo)}, or none ({@code cutFrom == cutTo}):
     * a variant of another stanza that differs only by what it lacks shares that stanza's bytes (see {@link #variants}).
     */
    private final int cutFrom;
    private final int cutTo;

    private static final byte[][] HEADS = {
        "<message".getBytes(StandardCharsets.UTF_8), "<presence".getBytes(StandardCharsets.UTF_8), "<iq".getBytes(StandardCharsets.UTF_8)};

    private PreparedStanza(Element template, byte[] head, byte[] tail, java.util.function.Function<byte[], Element> parser) {
        this(template, head, tail, parser, 0, 0);
    }

    private PreparedStanza(Element template, byte[] head, byte[] tail, java.util.function.Function<byte[], Element> parser, int cutFrom, int cutTo) {
        this.template = template;
        this.head = shared(head);
        this.tail = tail;
        this.parser = parser;
        this.cutFrom = cutFrom;
        this.cutTo = cutTo;
    }

    private static byte[] shared(byte[] head) {
        for (byte[] h : HEADS) if (Arrays.equals(h, head)) return h;
        return head;
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
        if (cutFrom == cutTo) return tail.clone();
        byte[] out = new byte[tail.length - (cutTo - cutFrom)];
        System.arraycopy(tail, 0, out, 0, cutFrom);
        System.arraycopy(tail, cutTo, out, cutFrom, tail.length - cutTo);
        return out;
    }

    /** Whether the stanza is a message (read from its bytes: nothing is parsed). */
    public boolean isMessage() {
        return head == HEADS[0];
    }

    /** Whether this stanza's bytes are {@code other}'s: a variant made by {@link #variants} (for tests). */
    public boolean sharesBytesWith(PreparedStanza other) {
        return tail == other.tail;
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
     * {@link #compact} for two variants of one stanza kept side by side, such as an occupant's presence with its
     * real JID (for moderators) and without: when {@code lesser} is {@code fuller} with one run of bytes left out
     * (an attribute), both share {@code fuller}'s bytes, and {@code lesser} skips that run as it is written.
     * Otherwise each keeps its own. Returns {fuller, lesser}.
     */
    public static PreparedStanza[] variants(Element fuller, Element lesser, java.util.function.Function<byte[], Element> parser) {
        PreparedStanza full = compact(fuller, parser);
        PreparedStanza less = compact(lesser, parser);
        if (!Arrays.equals(full.head, less.head)) return new PreparedStanza[] {full, less};
        byte[] a = full.tail;
        byte[] b = less.tail;
        if (Arrays.equals(a, b)) return new PreparedStanza[] {full, full};
        int cut = a.length - b.length;
        if (cut <= 0) return new PreparedStanza[] {full, less};
        int prefix = Arrays.mismatch(a, b); // b is shorter, so they differ somewhere
        if (prefix < 0) prefix = b.length;
        // what follows the cut in a must be the rest of b
        if (!Arrays.equals(a, prefix + cut, a.length, b, prefix, b.length)) return new PreparedStanza[] {full, less};
        return new PreparedStanza[] {full, new PreparedStanza(null, full.head, a, parser, prefix, prefix + cut)};
    }

    /**
     * Whether the stanza's start tag carries the unprefixed attribute {@code name} with exactly {@code value},
     * read from the prepared bytes without parsing the stanza (a session matching a room's reflection of its
     * client's message by id, among all the room's messages).
     */
    public boolean hasAttribute(String name, String value) {
        byte[] want = XmlWriter.attributeBytes(name, value);
        byte[] tail = cutFrom == cutTo ? this.tail : tail();
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
            byte[] tail = tail();
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
        return head.length + tail.length - (cutTo - cutFrom);
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
        if (cutFrom == cutTo) {
            writer.writeRaw(tail);
        } else {
            writer.writeRaw(tail, 0, cutFrom);
            writer.writeRaw(tail, cutTo, tail.length - cutTo);
        }
    }
}
