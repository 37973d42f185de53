package dev.parley.protocol.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stream.StreamError.Condition;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.NamespaceScope;
import dev.parley.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamErrorTest {
    @Test
    void everyConditionOf_4_9_3_RoundTrips() {
        assertThat(Condition.values()).hasSize(25);
        for (Condition c : Condition.values()) {
            StreamError e = StreamError.of(c, c == Condition.SEE_OTHER_HOST ? "[2001:db8::1]:5222" : "text");
            assertThat(StreamError.fromElement(e.toElement())).isEqualTo(e);
            assertThat(Condition.fromElementName(c.elementName())).isEqualTo(c);
        }
    }

    @Test
    void writtenWithTheStreamPrefix_4_9_2() {
        NamespaceScope stream = new NamespaceScope("jabber:client", "stream", StreamHeader.STREAMS_NAMESPACE);
        String xml = new String(XmlWriter.toBytes(StreamError.of(Condition.NOT_WELL_FORMED, "bad").toElement(), stream), StandardCharsets.UTF_8);
        assertThat(xml).isEqualTo("<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bad</text></stream:error>");
        String redirect = new String(XmlWriter.toBytes(StreamError.of(Condition.SEE_OTHER_HOST, "other.example").toElement(), stream), StandardCharsets.UTF_8);
        assertThat(redirect).contains("<see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>other.example</see-other-host>");
    }

    @Test
    void unknownConditionReadsAsUndefined() {
        Element e = Element.builder("error", StreamHeader.STREAMS_NAMESPACE).add(Element.of("weird", StreamError.NAMESPACE)).build();
        assertThat(StreamError.fromElement(e).condition()).isEqualTo(Condition.UNDEFINED_CONDITION);
    }

    @Test
    void streamHeaderIsWrittenAndVersionChecked_4_7() {
        StreamHeader h = new StreamHeader("a@b", "b", "s1'd", "1.0", "en", "jabber:client");
        assertThat(new String(h.toStreamOpening(), StandardCharsets.UTF_8)).isEqualTo("<?xml version='1.0'?><stream:stream "
                + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='a@b' from='b' id='s1&apos;d' version='1.0' xml:lang='en'>");
        assertThat(h.isVersion1()).isTrue();
        assertThat(new StreamHeader(null, null, null, "1.10", null, "jabber:client").isVersion1()).isTrue();
        assertThat(new StreamHeader(null, null, null, "01.0", null, "jabber:client").isVersion1()).isTrue();
        assertThat(new StreamHeader(null, null, null, "0.9", null, "jabber:client").isVersion1()).isFalse();
        assertThat(new StreamHeader(null, null, null, "1", null, "jabber:client").isVersion1()).isFalse();
        assertThat(new StreamHeader(null, null, null, "a.b", null, "jabber:client").isVersion1()).isFalse();
        assertThat(new StreamHeader(null, null, null, null, null, "jabber:client").isVersion1()).isFalse();
    }
}
