package dev.parley.protocol.xml;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Serialises elements to UTF-8 bytes, straight from the model into a byte buffer: no intermediate
 * Strings, no per-byte virtual calls.
 *
 * <ul>
 *   <li>Namespaces are declared only where they change: a stanza written in the scope of a
 *       {@code jabber:client} stream carries no {@code xmlns}; an extension declares its namespace once
 *       as the default namespace, and its children inherit it.
 *   <li>Escaping: {@code < & >} in text; {@code < & ' "} and tab, LF, CR in attribute values (as
 *       character references, so they survive attribute-value normalisation); CR in text too.
 *   <li>Only characters XML 1.0 allows (§2.2 Char) are written: anything else (C0 controls other than
 *       tab/LF/CR, U+FFFE, U+FFFF, unpaired surrogates) becomes U+FFFD, so the peer's parser never fails
 *       on what we send.
 * </ul>
 *
 * <p>A writer is not thread-safe; keep one per connection or per thread and reuse it. It buffers up to
 * its capacity and then hands the bytes to its {@link ByteSink}; {@link #flush()} hands over the rest.
 */
public final class XmlWriter {
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}; // U+FFFD
    private static final int MAX_BYTES_PER_CHAR = 10; // the longest escape: "&#13;" is 5, "&apos;" 6
    private static final boolean[] SAFE_IN_TEXT = new boolean[128];
    private static final boolean[] SAFE_IN_ATTRIBUTE = new boolean[128];

    static {
        for (char c = 0x20; c < 0x80; c++) {
            SAFE_IN_TEXT[c] = c != '<' && c != '>' && c != '&';
            SAFE_IN_ATTRIBUTE[c] = SAFE_IN_TEXT[c] && c != '\'' && c != '"';
        }
        SAFE_IN_TEXT['\t'] = true;
        SAFE_IN_TEXT['\n'] = true;
    }

    private static final int CACHE_SLOTS = 64;
    /** Names and namespaces up to 204 characters are cached: the longest in the XEPs is under 60. */
    private static final int CACHEABLE_BYTES = 2048;

    private final ByteSink sink;
    private final String[] cacheKeys = new String[CACHE_SLOTS];
    private final byte[][] cacheBytes = new byte[CACHE_SLOTS][];
    private final boolean[] cacheEscaped = new boolean[CACHE_SLOTS];
    private char[] chars = new char[256];
    private byte[] buf;
    private int pos;

    /** A writer that collects everything in memory: read it with {@link #toByteArray()}. */
    public XmlWriter() {
        this(null, 512);
    }

    /** A writer that hands its bytes to {@code sink} whenever {@code bufferSize} bytes are buffered. */
    public XmlWriter(ByteSink sink, int bufferSize) {
        this.sink = sink;
        this.buf = new byte[Math.max(64, bufferSize)];
    }

    /** Serialises {@code element} as a whole document fragment, declaring every namespace it uses. */
    public static byte[] toBytes(Element element) {
        return toBytes(element, NamespaceScope.NONE);
    }

    /** Serialises {@code element} as written inside {@code scope} (e.g. a client stream). */
    public static byte[] toBytes(Element element, NamespaceScope scope) {
        return written(w -> w.write(element, scope));
    }

    /** {@code " name='value'"} as serialised, the value escaped: to find an attribute in serialised bytes. */
    public static byte[] attributeBytes(String name, String value) {
        return written(w -> {
            w.writeByte(' ');
            w.writeName(name);
            w.writeAscii("='");
            w.writeEscaped(value, true);
            w.writeByte('\'');
        });
    }

    /** What {@code write} writes, through this thread's in-memory writer. */
    private static byte[] written(java.util.function.Consumer<XmlWriter> write) {
        XmlWriter w = ONE_SHOT.get();
        if (w.busy) w = new XmlWriter(); // not expected: nothing a writer calls serialises again
        w.busy = true;
        try {
            write.accept(w);
            return w.toByteArray();
        } finally {
            w.pos = 0;
            w.busy = false;
            if (w.buf.length > KEEP_BYTES) w.buf = new byte[512]; // one large stanza does not stay in every thread
        }
    }

    /**
     * {@link #toBytes}'s writer, one per thread and reused: its buffer and its cache of encoded names serve every
     * stanza the thread serialises (a room's reflection, the journal's and the archive's copies), where a writer
     * made for each stanza cost about 1.7 KB of arrays before it wrote a byte and found none of its names cached
     * (docs/footprint.md, eighth pass).
     */
    private static final ThreadLocal<XmlWriter> ONE_SHOT = ThreadLocal.withInitial(XmlWriter::new);
    private static final int KEEP_BYTES = 16 * 1024;
    private boolean busy;

    static String toXmlString(Element element) {
        return new String(toBytes(element), StandardCharsets.UTF_8);
    }

    /** Appends {@code element}, as if written inside an element whose namespace context is {@code scope}. */
    public void write(Element element, NamespaceScope scope) {
        writeElement(element, scope.defaultNamespace(), scope);
    }

    /** Appends raw bytes (e.g. a stream header someone else built). */
    public void writeRaw(byte[] bytes) {
        writeRaw(bytes, 0, bytes.length);
    }

    public void writeRaw(byte[] bytes, int offset, int length) {
        if (pos + length > buf.length) {
            drainOrGrow(length);
            if (length > buf.length - pos) {
                if (sink == null) throw new IllegalStateException("unreachable: buffer grown");
                sink.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
    }

    /** Appends escaped character data (text content). */
    public void writeText(String text) {
        writeEscaped(text, false);
    }

    /** Appends an attribute value, escaped for a single-quoted attribute. */
    public void writeAttributeValue(String value) {
        writeEscaped(value, true);
    }

    /** Bytes buffered and not yet handed to the sink. */
    public int size() {
        return pos;
    }

    /** A copy of the buffered bytes; for the in-memory writer, everything written since the last reset. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Hands the buffered bytes to the sink (a no-op without one) and empties the buffer. */
    public void flush() {
        if (sink != null && pos > 0) {
            sink.write(buf, 0, pos);
            pos = 0;
        }
    }

    /** Forgets the buffered bytes. */
    public void reset() {
        pos = 0;
    }

    private void writeElement(Element e, String defaultNs, NamespaceScope scope) {
        String ns = e.namespace();
        boolean prefixed = scope.prefix() != null && ns.equals(scope.prefixNamespace()) && !ns.equals(defaultNs);
        ensure(2);
        buf[pos++] = '<';
        if (prefixed) {
            writeName(scope.prefix());
            buf[pos++] = ':';
        }
        writeName(e.name());
        String inner = defaultNs;
        if (!prefixed && !ns.equals(defaultNs)) {
            writeAscii(" xmlns='");
            writeCached(ns, true);
            writeByte('\'');
            inner = ns;
        }
        List<Attribute> attributes = e.attributes();
        for (int i = 0, n = attributes.size(); i < n; i++) {
            writeAttribute(attributes, i);
        }
        List<Node> children = e.children();
        if (children.isEmpty()) {
            writeAscii("/>");
            return;
        }
        writeByte('>');
        for (int i = 0, n = children.size(); i < n; i++) {
            Node c = children.get(i);
            if (c instanceof Text t) writeEscaped(t.value(), false);
            else writeElement((Element) c, inner, scope);
        }
        writeAscii("</");
        if (prefixed) {
            writeName(scope.prefix());
            writeByte(':');
        }
        writeName(e.name());
        writeByte('>');
    }

    private void writeAttribute(List<Attribute> attributes, int index) {
        Attribute a = attributes.get(index);
        String ans = a.namespace();
        writeByte(' ');
        if (!ans.isEmpty()) {
            if (ans.equals(Namespaces.XML)) {
                writeAscii("xml:");
            } else {
                // A qualified attribute outside the xml namespace: rare in XMPP. Declare a prefix for it on
                // this element, numbered by the first attribute that uses the namespace, so it is declared once.
                int first = index;
                for (int j = 0; j < index; j++) {
                    if (attributes.get(j).namespace().equals(ans)) {
                        first = j;
                        break;
                    }
                }
                if (first == index) {
                    writeAscii("xmlns:a");
                    writeAscii(Integer.toString(index));
                    writeAscii("='");
                    writeEscaped(ans, true);
                    writeAscii("' ");
                }
                writeAscii("a");
                writeAscii(Integer.toString(first));
                writeByte(':');
            }
        }
        writeName(a.name());
        writeAscii("='");
        writeEscaped(a.value(), true);
        writeByte('\'');
    }

    private void writeByte(char c) {
        ensure(1);
        buf[pos++] = (byte) c;
    }

    private void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[pos++] = (byte) s.charAt(i);
    }

    /** Element and attribute names: valid XML names (the model refuses others), so never escaped. */
    private void writeName(String s) {
        writeCached(s, false);
    }

    /**
     * Writes a string that recurs across stanzas (a name, a namespace URI) from a small direct-mapped cache
     * of its encoded bytes: a hit is one array copy. Strings from the parser's symbol table and constants
     * in code are the same instances each time, so the identity check hits; names read back from the journal are
     * equal strings, not the same, and hit by value. A miss encodes in place and keeps a copy.
     */
    private void writeCached(String s, boolean escape) {
        int slot = s.hashCode() & (CACHE_SLOTS - 1);
        byte[] bytes;
        String key = cacheKeys[slot];
        if ((key == s || (key != null && key.equals(s))) && cacheEscaped[slot] == escape) {
            bytes = cacheBytes[slot];
        } else {
            // a miss is encoded in place and its bytes copied into the cache, unless it is long (a name a client
            // made up, which a thread's cache would keep) or larger than a buffer that drains to a sink: then it is
            // written, not cached
            long worst = (long) s.length() * MAX_BYTES_PER_CHAR;
            if (worst > CACHEABLE_BYTES || (sink != null && worst > buf.length)) {
                writeEscaped(s, escape);
                return;
            }
            ensure((int) worst);
            int start = pos;
            writeEscaped(s, escape);
            cacheKeys[slot] = s;
            cacheBytes[slot] = Arrays.copyOfRange(buf, start, pos);
            cacheEscaped[slot] = escape;
            return;
        }
        int n = bytes.length;
        if (pos + n > buf.length) drainOrGrow(n);
        System.arraycopy(bytes, 0, buf, pos, n);
        pos += n;
    }

    private void writeEscaped(String s, boolean attribute) {
        int n = s.length();
        long worst = (long) n * MAX_BYTES_PER_CHAR;
        if (pos + worst > buf.length) {
            if (sink != null && worst > buf.length) {
                writeEscapedChecked(s, attribute); // a string larger than the whole buffer: stream it out
                return;
            }
            drainOrGrow((int) worst);
        }
        // The whole string fits whatever its escapes: one tight loop over a copy of its chars (getChars is
        // an intrinsic; charAt would check the string's coder and bounds on every call).
        char[] cs = chars;
        if (cs.length < n) chars = cs = new char[Math.max(n, cs.length * 2)];
        s.getChars(0, n, cs, 0);
        boolean[] safe = attribute ? SAFE_IN_ATTRIBUTE : SAFE_IN_TEXT;
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c < 0x80 && safe[c]) {
                b[p++] = (byte) c;
            } else {
                i = encode(s, i, c, attribute, b, p);
                p = encodedPosition;
            }
        }
        pos = p;
    }

    /** The slow path for strings that may not fit: checks capacity before every character. */
    private void writeEscapedChecked(String s, boolean attribute) {
        boolean[] safe = attribute ? SAFE_IN_ATTRIBUTE : SAFE_IN_TEXT;
        for (int i = 0, n = s.length(); i < n; i++) {
            ensure(MAX_BYTES_PER_CHAR);
            char c = s.charAt(i);
            if (c < 0x80 && safe[c]) {
                buf[pos++] = (byte) c;
            } else {
                i = encode(s, i, c, attribute, buf, pos);
                pos = encodedPosition;
            }
        }
    }

    /** Where {@link #encode} left the write position (a second return value, to keep the loop allocation-free). */
    private int encodedPosition;

    /**
     * Writes one character that needs work (an escape, UTF-8, or U+FFFD for what XML 1.0 disallows) at
     * {@code b[p]}. Returns the index of the last char consumed (a surrogate pair takes two).
     */
    private int encode(String s, int i, char c, boolean attribute, byte[] b, int p) {
        if (c < 0x80) {
            switch (c) {
                case '<' -> p = put(b, p, "&lt;");
                case '>' -> p = put(b, p, "&gt;");
                case '&' -> p = put(b, p, "&amp;");
                case '\'' -> p = attribute ? put(b, p, "&apos;") : putByte(b, p, c);
                case '"' -> p = attribute ? put(b, p, "&quot;") : putByte(b, p, c);
                case '\t' -> p = attribute ? put(b, p, "&#9;") : putByte(b, p, c);
                case '\n' -> p = attribute ? put(b, p, "&#10;") : putByte(b, p, c);
                case '\r' -> p = put(b, p, "&#13;");
                default -> p = c < 0x20 ? putReplacement(b, p) : putByte(b, p, c);
            }
        } else if (c < 0x800) {
            b[p++] = (byte) (0xC0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                p = putReplacement(b, p);
            }
        } else if (c >= 0xFFFE) {
            p = putReplacement(b, p);
        } else {
            b[p++] = (byte) (0xE0 | (c >> 12));
            b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        }
        encodedPosition = p;
        return i;
    }

    private static int put(byte[] b, int p, String ascii) {
        for (int i = 0; i < ascii.length(); i++) b[p++] = (byte) ascii.charAt(i);
        return p;
    }

    private static int putByte(byte[] b, int p, char c) {
        b[p] = (byte) c;
        return p + 1;
    }

    private static int putReplacement(byte[] b, int p) {
        b[p] = REPLACEMENT[0];
        b[p + 1] = REPLACEMENT[1];
        b[p + 2] = REPLACEMENT[2];
        return p + 3;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) drainOrGrow(n);
    }

    /** Makes room for {@code n} more bytes: hands the buffer to the sink if there is one, else grows it. */
    private void drainOrGrow(int n) {
        if (sink != null && pos > 0) {
            sink.write(buf, 0, pos);
            pos = 0;
        }
        if (pos + n > buf.length && (sink == null || n <= MAX_BYTES_PER_CHAR * 2)) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
