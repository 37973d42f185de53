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

    @Test
    void aPresenceWithoutTheRealJidSharesTheBytesOfTheOneWith() {
        // docs/footprint.md: a room keeps each occupant's presence with its real JID (for moderators, XEP-0045 §7.2.3)
        // and without; the one without is the other's bytes with the item's jid attribute skipped
        java.util.function.Function<byte[], Element> parser = bytes -> ((StreamEvent.ElementReceived) new FrameParser().parse(bytes)).element();
        int checked = 0;
        for (XepExamples.Example ex : XepExamples.of("0045")) {
            for (Element e : ex.elements()) {
                if (!e.name().equals("presence")) continue;
                Element x = e.child("x", "http://jabber.org/protocol/muc#user");
                if (x == null || x.child("item", "http://jabber.org/protocol/muc#user") == null
                        || x.child("item", "http://jabber.org/protocol/muc#user").attribute("jid") == null) continue;
                Element without = e.withChildren(e.children().stream().map(n -> n != x ? n
                        : x.withChildren(x.children().stream().map(c -> c instanceof Element i && i.name().equals("item") ? i.withAttribute("jid", null) : c).toList()))
                        .toList());
                Element with = e;
                PreparedStanza[] both = PreparedStanza.variants(with, without, parser);
                assertThat(both[1].sharesBytesWith(both[0])).as(ex.title()).isTrue();
                for (String to : new String[] {"hag66@shakespeare.lit/pda", "o'neil&co@example.org/\u00E9"}) {
                    assertThat(write(both[0], to, false)).isEqualTo(write(PreparedStanza.of(with), to, false));
                    assertThat(write(both[1], to, false)).as(ex.title()).isEqualTo(write(PreparedStanza.of(without), to, false));
                    assertThat(write(both[1], to, true)).isEqualTo(write(PreparedStanza.of(without), to, true));
                    assertThat(both[1].element(to)).isEqualTo(without.withAttribute("to", to));
                }
                assertThat(both[1].size()).isEqualTo(PreparedStanza.of(without).size());
                assertThat(both[1].tail()).isEqualTo(PreparedStanza.of(without).tail());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
        // variants that are not one cut apart keep their own bytes, and still read back as themselves
        Element a = Element.builder("presence", "jabber:client").attribute("from", "r@s/a").build();
        Element b = Element.builder("presence", "jabber:client").attribute("from", "r@s/bb").attribute("id", "1").build();
        PreparedStanza[] apart = PreparedStanza.variants(a, b, parser);
        assertThat(apart[1].sharesBytesWith(apart[0])).isFalse();
        assertThat(write(apart[1], "x@y/z", false)).isEqualTo(write(PreparedStanza.of(b), "x@y/z", false));
        PreparedStanza[] same = PreparedStanza.variants(a, a, parser);
        assertThat(same[1]).isSameAs(same[0]);
    }

    @Test
    void theHeadOfAStanzaIsSharedNotCopied() {
        // a room keeps thousands of prepared presences: none keeps its own "<presence"
        PreparedStanza p = PreparedStanza.of(Element.builder("presence", "jabber:client").attribute("id", "1").build());
        PreparedStanza q = PreparedStanza.ofBytes(p.head(), p.tail(), b -> null);
        assertThat(q.isMessage()).isFalse();
        assertThat(PreparedStanza.ofBytes("<message".getBytes(StandardCharsets.UTF_8), p.tail(), b -> null).isMessage()).isTrue();
        assertThat(write(q, "a@b/c", false)).isEqualTo(write(p, "a@b/c", false));
    }
}
