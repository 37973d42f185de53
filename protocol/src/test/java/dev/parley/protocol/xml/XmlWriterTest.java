package dev.parley.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlWriterTest {
    static final NamespaceScope CLIENT = NamespaceScope.ofDefault("jabber:client");
    static final NamespaceScope CLIENT_STREAM = new NamespaceScope("jabber:client", "stream", "http://etherx.jabber.org/streams");

    static String write(Element e, NamespaceScope scope) {
        return new String(XmlWriter.toBytes(e, scope), StandardCharsets.UTF_8);
    }

    @Test
    void aStanzaInAClientStreamCarriesNoRedundantNamespace() {
        Element m = Element.builder("message", "jabber:client").attribute("to", "room@muc.example").attribute("type", "groupchat")
                .add(Element.builder("body", "jabber:client").text("hi").build())
                .add(Element.builder("x", "http://jabber.org/protocol/muc#user")
                        .add(Element.builder("item", "http://jabber.org/protocol/muc#user").attribute("role", "participant").build()).build())
                .build();
        assertThat(write(m, CLIENT)).isEqualTo("<message to='room@muc.example' type='groupchat'><body>hi</body>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item role='participant'/></x></message>");
        assertThat(write(m, NamespaceScope.NONE)).startsWith("<message xmlns='jabber:client' ");
    }

    @Test
    void streamPrefixIsUsedWhereItIsBound() {
        Element err = Element.builder("error", "http://etherx.jabber.org/streams")
                .add(Element.of("not-well-formed", "urn:ietf:params:xml:ns:xmpp-streams")).build();
        assertThat(write(err, CLIENT_STREAM)).isEqualTo("<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
    }

    @Test
    void noNamespaceChildUndeclaresTheDefault() {
        Element e = Element.builder("a", "urn:a").add(Element.of("b", "")).build();
        assertThat(write(e, NamespaceScope.NONE)).isEqualTo("<a xmlns='urn:a'><b xmlns=''/></a>");
    }

    @Test
    void escaping() {
        Element e = Element.builder("body", "jabber:client").attribute("a", "<&'\"\t\n\r>").text("<a> & 'b' \"c\" ]]> \r\n").build();
        assertThat(write(e, CLIENT)).isEqualTo("<body a='&lt;&amp;&apos;&quot;&#9;&#10;&#13;&gt;'>&lt;a&gt; &amp; 'b' \"c\" ]]&gt; &#13;\n</body>");
    }

    @Test
    void charactersXmlDoesNotAllowAreReplaced() {
        Element e = Element.builder("body", "jabber:client").text("a\u0000b\u0007c\uFFFEd\uD800e\uDC00f").build();
        assertThat(write(e, CLIENT)).isEqualTo("<body>a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf</body>");
    }

    @Test
    void multibyteAndSupplementaryCharactersAreUtf8() {
        Element e = Element.builder("body", "jabber:client").text("\u00E9\u20AC\uD83D\uDE00").build();
        assertThat(XmlWriter.toBytes(e, CLIENT)).isEqualTo("<body>\u00E9\u20AC\uD83D\uDE00</body>".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void qualifiedAttributesGetDeclaredPrefixes() {
        Element e = Element.builder("a", "urn:a").lang("en").attribute("urn:x", "p", "1").attribute("urn:x", "q", "2").build();
        assertThat(write(e, NamespaceScope.NONE)).isEqualTo("<a xmlns='urn:a' xml:lang='en' xmlns:a1='urn:x' a1:p='1' a1:q='2'/>");
    }

    @Test
    void smallBufferHandsChunksToTheSink() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XmlWriter w = new XmlWriter(out::write, 64);
        Element big = Element.builder("body", "jabber:client").text("x\u00E9".repeat(5000)).attribute("a", "y".repeat(300)).build();
        w.write(big, CLIENT);
        w.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(write(big, CLIENT));
        w.writeRaw(new byte[1000]);
        w.flush();
        assertThat(out.size()).isEqualTo(write(big, CLIENT).getBytes(StandardCharsets.UTF_8).length + 1000);
    }

    @Test
    void writerIsReusableAfterReset() {
        XmlWriter w = new XmlWriter();
        w.write(Element.of("a", "jabber:client"), CLIENT);
        w.reset();
        w.write(Element.of("b", "jabber:client"), CLIENT);
        assertThat(new String(w.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("<b/>");
    }

    @Test
    void namesAreWrittenTheSameWhetherCachedByIdentityByValueOrNotAtAll() {
        // the same names as new strings each time (as the journal's deserialiser gives them), non-ASCII ones, and a
        // namespace longer than a small sink's buffer (written, not cached)
        String longNs = "urn:" + "n".repeat(300); // over what a cache keeps, and over the small sink's buffer
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XmlWriter small = new XmlWriter(out::write, 64);
        for (int i = 0; i < 3; i++) {
            Element e = Element.builder(new String("m\u00E9ssage"), new String("jabber:client")).attribute(new String("to"), "r@muc")
                    .add(Element.builder(new String("x"), new String(longNs)).build()).build();
            String expected = "<m\u00E9ssage to='r@muc'><x xmlns='" + longNs + "'/></m\u00E9ssage>";
            assertThat(write(e, CLIENT)).isEqualTo(expected);
            small.write(e, CLIENT);
            small.flush();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            out.reset();
        }
    }

    @Test
    void serialisingAStanzaMakesNoWriterOfItsOwn() {
        // docs/footprint.md, eighth pass: a writer made per stanza (about 1.7 KB of arrays, and one more for every
        // name its empty cache missed) was most of what a room allocated per message. Counted in bytes allocated by
        // this thread, which the JVM reports exactly; the stanza's own bytes are about 200.
        Element m = Element.builder("message", "jabber:client").attribute("from", "room@muc.example/nick").attribute("to", "user@example/res")
                .attribute("type", "groupchat").attribute("id", "abc")
                .add(Element.builder("body", "jabber:client").text("hello there").build())
                .add(Element.builder("stanza-id", "urn:xmpp:sid:0").attribute("id", "0f3c").attribute("by", "room@muc.example").build())
                .add(Element.builder("occupant-id", "urn:xmpp:occupant-id:0").attribute("id", "AbCdEf").build())
                .build();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 1000; i++) XmlWriter.toBytes(m, CLIENT); // the thread's writer made, its cache filled
        long before = threads.getCurrentThreadAllocatedBytes();
        int n = 1000;
        long size = 0;
        for (int i = 0; i < n; i++) size += XmlWriter.toBytes(m, CLIENT).length;
        long perStanza = (threads.getCurrentThreadAllocatedBytes() - before) / n;
        assertThat(perStanza).isLessThan(size / n + 200);
    }

    @Test
    void anAttributeAsSerialisedHasItsValueEscaped() {
        assertThat(new String(XmlWriter.attributeBytes("id", "a'<\u00E9"), StandardCharsets.UTF_8)).isEqualTo(" id='a&apos;&lt;\u00E9'");
    }
}
