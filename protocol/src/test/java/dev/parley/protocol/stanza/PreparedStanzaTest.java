package dev.parley.protocol.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.corpus.XepExamples;
import dev.parley.protocol.stream.FrameParser;
import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PreparedStanzaTest {
    static String write(PreparedStanza p, String to, boolean declare) {
        XmlWriter w = new XmlWriter();
        p.writeTo(w, to, declare);
        return new String(w.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void anAttributeIsReadFromTheStartTagAlone() {
        Element m = Element.builder("message", "jabber:client").attribute("from", "coven@chat.shakespeare.lit/it's > me")
                .attribute("id", "a'b&c").attribute("type", "groupchat")
                .add(Element.builder("body", "jabber:client").text("id='x' in the body").build()).build();
        PreparedStanza p = PreparedStanza.of(m);
        assertThat(p.hasAttribute("id", "a'b&c")).as("escaped as the writer escapes it").isTrue();
        assertThat(p.hasAttribute("type", "groupchat")).isTrue();
        assertThat(p.hasAttribute("id", "a'b")).as("the whole value").isFalse();
        assertThat(p.hasAttribute("id", "x")).as("not in the children").isFalse();
        assertThat(p.hasAttribute("d", "a'b&c")).as("the whole name").isFalse();
        assertThat(PreparedStanza.of(m.withAttribute("from", "x@y/id='a'b&c'")).hasAttribute("id", "a'b&c")).as("inside another value").isTrue();
        assertThat(PreparedStanza.of(m.withAttribute("id", null).withAttribute("from", "x@y/ id='q'")).hasAttribute("id", "q"))
                .as("a look-alike inside another attribute's value").isFalse();
    }

    @Test
    void aMessageIsKnownFromItsBytes() {
        assertThat(PreparedStanza.of(Element.builder("message", "jabber:client").attribute("id", "1").build()).isMessage()).isTrue();
        assertThat(PreparedStanza.of(Element.builder("presence", "jabber:client").attribute("id", "1").build()).isMessage()).isFalse();
        assertThat(PreparedStanza.of(Element.of("messages", "jabber:client")).isMessage()).as("the whole name").isFalse();
        PreparedStanza remote = PreparedStanza.of(Element.of("message", "jabber:client"));
        assertThat(PreparedStanza.ofBytes(remote.head(), remote.tail(), b -> null).isMessage()).as("prepared on another node").isTrue();
    }

    @Test
    void aCompactStanzaKeepsItsBytesAndParsesOnlyWhenAsked() {
        Element presence = Element.builder("presence", "jabber:client").attribute("from", "coven@chat.shakespeare.lit/firstwitch")
                .add(Element.builder("x", "http://jabber.org/protocol/muc#user").add(Element.builder("item", "http://jabber.org/protocol/muc#user")
                        .attribute("affiliation", "owner").attribute("role", "moderator").build()).build()).build();
        int[] parsed = {0};
        PreparedStanza compact = PreparedStanza.compact(presence, bytes -> {
            parsed[0]++;
            return ((StreamEvent.ElementReceived) new FrameParser().parse(bytes)).element();
        });
        assertThat(write(compact, "hag66@shakespeare.lit/pda", false)).isEqualTo(write(PreparedStanza.of(presence), "hag66@shakespeare.lit/pda", false));
        assertThat(parsed[0]).as("written without an element").isZero();
        assertThat(compact.element("hag66@shakespeare.lit/pda")).isEqualTo(presence.withAttribute("to", "hag66@shakespeare.lit/pda"));
        assertThat(compact.element("x@y/z").attribute("to")).isEqualTo("x@y/z");
        assertThat(parsed[0]).as("parsed once, when first asked").isEqualTo(1);
    }

    @Test
    void eachCopyIsTheStanzaWithItsOwnTo() {
        // every message and presence of XEP-0045, prepared once and addressed anew, reads back as the original
        int checked = 0;
        for (XepExamples.Example ex : XepExamples.of("0045")) {
            for (Element e : ex.elements()) {
                if (!e.name().equals("message") && !e.name().equals("presence")) continue;
                PreparedStanza p = PreparedStanza.of(e);
                for (String to : new String[] {"hag66@shakespeare.lit/pda", "o'neil&co@example.org/\u00E9"}) {
                    Element expected = e.withAttribute("to", to);
                    String inStream = write(p, to, false);
                    assertThat(XepExamples.parse(inStream)).as(ex.title()).containsExactly(expected);
                    StreamEvent frame = new FrameParser().parse(write(p, to, true).getBytes(StandardCharsets.UTF_8));
                    assertThat(frame).isEqualTo(new StreamEvent.ElementReceived(expected));
                    assertThat(p.element(to)).isEqualTo(expected);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}
