package dev.parley.protocol.stream;

import dev.parley.protocol.xml.Attribute;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.Namespaces;
import java.nio.charset.StandardCharsets;

/**
 * The attributes of a stream header (RFC 6120 §4.7): the opening {@code <stream:stream>} of a TCP
 * stream, or the {@code <open/>} frame of a WebSocket stream (RFC 7395 §3.3.1), which carries the same
 * attributes.
 *
 * @param to the 'to' attribute or null
 * @param from the 'from' attribute or null
 * @param id the stream id or null
 * @param version the 'version' attribute or null (a pre-1.0 peer)
 * @param lang the 'xml:lang' attribute or null
 * @param contentNamespace the default namespace of the stream's content ({@code jabber:client} …);
 *     for a framed stream the namespace that stanzas must declare themselves
 */
public record StreamHeader(String to, String from, String id, String version, String lang, String contentNamespace) {
    public static final String STREAM_ELEMENT = "stream";
    public static final String STREAMS_NAMESPACE = "http://etherx.jabber.org/streams";
    public static final String FRAMING_NAMESPACE = "urn:ietf:params:xml:ns:xmpp-framing";

    /** Builds the header from the attributes of a {@code <stream:stream>} or {@code <open/>} element. */
    static StreamHeader fromAttributes(Iterable<Attribute> attributes, String contentNamespace) {
        String to = null, from = null, id = null, version = null, lang = null;
        for (Attribute a : attributes) {
            if (a.namespace().isEmpty()) {
                switch (a.name()) {
                    case "to" -> to = a.value();
                    case "from" -> from = a.value();
                    case "id" -> id = a.value();
                    case "version" -> version = a.value();
                    default -> {}
                }
            } else if (a.namespace().equals(Namespaces.XML) && a.name().equals("lang")) {
                lang = a.value();
            }
        }
        return new StreamHeader(to, from, id, version, lang, contentNamespace);
    }

    /**
     * The header the receiving entity sends back, as the bytes of a TCP stream's opening tag, with the XML
     * declaration: {@code <?xml version='1.0'?><stream:stream xmlns='jabber:client' …>}.
     */
    public byte[] toStreamOpening() {
        StringBuilder sb = new StringBuilder(200);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(escape(contentNamespace))
                .append("' xmlns:stream='").append(STREAMS_NAMESPACE).append('\'');
        appendAttributes(sb);
        return sb.append('>').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The opening tag of a server-to-server stream: as {@link #toStreamOpening()}, with the dialback namespace
     * declared as {@code db} (XEP-0220 §2.1: a server that supports dialback declares it in its header).
     */
    public byte[] toServerStreamOpening() {
        StringBuilder sb = new StringBuilder(240);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(escape(contentNamespace))
                .append("' xmlns:stream='").append(STREAMS_NAMESPACE).append("' xmlns:db='jabber:server:dialback'");
        appendAttributes(sb);
        return sb.append('>').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The closing tag of a TCP stream. */
    public static byte[] streamClosing() {
        return "</stream:stream>".getBytes(StandardCharsets.UTF_8);
    }

    /** The header as an RFC 7395 {@code <open/>} frame element. */
    public Element toOpenFrame() {
        return Element.builder("open", FRAMING_NAMESPACE)
                .attribute("to", to).attribute("from", from).attribute("id", id)
                .attribute("version", version).attribute(Namespaces.XML, "lang", lang)
                .build();
    }

    /** The RFC 7395 {@code <close/>} frame, optionally with a see-other-host redirect. */
    public static Element closeFrame() {
        return Element.of("close", FRAMING_NAMESPACE);
    }

    /** True when the version's major number is 1 (RFC 6120 §4.7.5: minor numbers are backwards compatible). */
    public boolean isVersion1() {
        if (version == null) return false;
        int dot = version.indexOf('.');
        if (dot <= 0 || dot == version.length() - 1) return false;
        for (int i = 0; i < version.length(); i++) {
            char c = version.charAt(i);
            if (i != dot && (c < '0' || c > '9')) return false;
        }
        String major = version.substring(0, dot).replaceFirst("^0+(?=\\d)", "");
        return major.equals("1");
    }

    private void appendAttributes(StringBuilder sb) {
        if (to != null) sb.append(" to='").append(escape(to)).append('\'');
        if (from != null) sb.append(" from='").append(escape(from)).append('\'');
        if (id != null) sb.append(" id='").append(escape(id)).append('\'');
        if (version != null) sb.append(" version='").append(escape(version)).append('\'');
        if (lang != null) sb.append(" xml:lang='").append(escape(lang)).append('\'');
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
