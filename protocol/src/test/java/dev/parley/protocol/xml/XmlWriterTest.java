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
}
