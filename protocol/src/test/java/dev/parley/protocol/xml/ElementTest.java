package dev.parley.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ElementTest {
    @Test
    void equalityIgnoresAttributeOrderButNotChildOrder() {
        Element a = Element.builder("item", "urn:x").attribute("jid", "a@b").attribute("role", "none").build();
        Element b = Element.builder("item", "urn:x").attribute("role", "none").attribute("jid", "a@b").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        Element p = Element.builder("p", "urn:x").add(a).add(Element.of("c", "urn:x")).build();
        Element q = Element.builder("p", "urn:x").add(Element.of("c", "urn:x")).add(a).build();
        assertThat(p).isNotEqualTo(q);
        assertThat(a).isNotEqualTo(Element.builder("item", "urn:y").attribute("jid", "a@b").attribute("role", "none").build());
    }

    @Test
    void adjacentTextIsMerged() {
        Element e = Element.builder("body", "jabber:client").text("a").text("b").add(new Text("c")).build();
        assertThat(e.children()).containsExactly(new Text("abc"));
        assertThat(e.text()).isEqualTo("abc");
    }

    @Test
    void textOfMixedContentIsTheDirectText() {
        Element e = Element.builder("p", "urn:x").text("a").add(Element.builder("b", "urn:x").text("inner").build()).text("c").build();
        assertThat(e.text()).isEqualTo("ac");
        assertThat(e.childText("b", "urn:x")).isEqualTo("inner");
        assertThat(e.childText("missing", "urn:x")).isNull();
    }

    @Test
    void copiesChangeOnlyWhatTheySay() {
        Element e = Element.builder("message", "jabber:client").attribute("to", "a@b").text("x").build();
        Element stamped = e.withAttribute("from", "c@d/e");
        assertThat(stamped.attribute("from")).isEqualTo("c@d/e");
        assertThat(stamped.attribute("to")).isEqualTo("a@b");
        assertThat(e.attribute("from")).isNull();
        assertThat(stamped.withAttribute("from", null)).isEqualTo(e);
        assertThat(e.withAttribute("to", "a@b")).isSameAs(e);
        assertThat(e.withChild(Element.of("c", "urn:x")).elements()).hasSize(1);
        assertThat(e.withoutChildren(n -> n instanceof Text).children()).isEmpty();
        assertThat(e.withoutChildren(n -> false)).as("nothing removed: no copy").isSameAs(e);
    }

    @Test
    void childrenAreImmutable() {
        Element e = Element.builder("a", "urn:x").add(Element.of("b", "urn:x")).build();
        assertThatThrownBy(() -> e.children().add(new Text("x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.children("b", "urn:x")).hasSize(1);
        assertThat(e.elements()).isEqualTo(List.of(Element.of("b", "urn:x")));
    }

    @Test
    void languageIsInherited() {
        Element body = Element.builder("body", "jabber:client").build();
        Element german = Element.builder("body", "jabber:client").lang("de").build();
        Element msg = Element.builder("message", "jabber:client").lang("en").add(body).add(german).build();
        XmlEnvironment inMessage = XmlEnvironment.EMPTY.child(msg);
        assertThat(inMessage.langOf(body)).isEqualTo("en");
        assertThat(inMessage.langOf(german)).isEqualTo("de");
        assertThat(XmlEnvironment.of("fr").langOf(body)).isEqualTo("fr");
    }

    @Test
    void namesMustBeXmlNamesSoTheWriterNeverEscapesThem() {
        assertThat(Element.of("stanza-id", "urn:xmpp:sid:0").name()).isEqualTo("stanza-id");
        assertThat(Element.of("\u00E9l\u00E9ment", "urn:x").name()).isEqualTo("\u00E9l\u00E9ment");
        for (String bad : new String[] {"", "a b", "a<b", "a'b", "1a", "-a", "p:a", "a&b"}) {
            assertThatThrownBy(() -> Element.of(bad, "urn:x")).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Attribute.of(bad, "v")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Attribute.of("xmlns", "urn:x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renamespacedMovesEveryElementOfOneNamespaceAndSharesWhatItDoesNotTouch() {
        Element ext = Element.builder("x", "http://jabber.org/protocol/muc").add(Element.of("history", "http://jabber.org/protocol/muc")).build();
        Element stanza = Element.builder("message", "jabber:server").attribute("to", "r@muc.example")
                .add(Element.builder("body", "jabber:server").text("hi").build()).add(ext).build();
        Element client = stanza.renamespaced("jabber:server", "jabber:client");
        assertThat(client.namespace()).isEqualTo("jabber:client");
        assertThat(client.child("body", "jabber:client").text()).isEqualTo("hi");
        assertThat(client.attribute("to")).isEqualTo("r@muc.example");
        assertThat(client.child("x", "http://jabber.org/protocol/muc")).isSameAs(ext);
        assertThat(ext.renamespaced("jabber:server", "jabber:client")).isSameAs(ext);
        assertThat(client.renamespaced("jabber:client", "jabber:server")).isEqualTo(stanza);
    }
}
