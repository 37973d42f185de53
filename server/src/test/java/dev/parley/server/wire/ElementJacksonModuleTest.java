package dev.parley.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.XmlWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** An element in the journal and across the cluster: its XML as CBOR text (jackson-cbor, as Pekko binds it). */
class ElementJacksonModuleTest {
    private final ObjectMapper cbor = new ObjectMapper(new CBORFactory()).registerModule(new ElementJacksonModule());

    private static Element message(String body) {
        return Element.builder("message", "jabber:client").attribute("from", "room@muc.example/n\u00EFck").attribute("type", "groupchat")
                .add(Element.builder("body", "jabber:client").text(body).build())
                .add(Element.builder("stanza-id", "urn:xmpp:sid:0").attribute("id", "0f3c").attribute("by", "room@muc.example").build())
                .build();
    }

    @Test
    void anElementIsTheSameTextAsBeforeItsBytesWereWrittenAsTheyAre() throws Exception {
        // a node of an earlier build wrote and reads the XML as a CBOR text string: the bytes must not change
        Element m = message("<caf\u00E9> & \uD83D\uDE00 'x'");
        String xml = new String(XmlWriter.toBytes(m), StandardCharsets.UTF_8);
        assertThat(cbor.writeValueAsBytes(m)).isEqualTo(cbor.writeValueAsBytes(xml));
        assertThat(cbor.readValue(cbor.writeValueAsBytes(m), Element.class)).isEqualTo(m);
    }

    @Test
    void aLargeElementReadsBackWhicheverWayItsTextWasWritten() throws Exception {
        Element m = message("\u00E9t\u00E9 ".repeat(20_000));
        String xml = new String(XmlWriter.toBytes(m), StandardCharsets.UTF_8);
        assertThat(cbor.readValue(cbor.writeValueAsBytes(m), Element.class)).isEqualTo(m);
        assertThat(cbor.readValue(cbor.writeValueAsBytes(xml), Element.class)).isEqualTo(m); // as an earlier build wrote it
    }
}
