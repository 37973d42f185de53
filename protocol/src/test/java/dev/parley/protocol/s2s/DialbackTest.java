package dev.parley.protocol.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.corpus.XepExamples;
import dev.parley.protocol.stanza.StanzaError;
import dev.parley.protocol.xml.Element;
import org.junit.jupiter.api.Test;

/** XEP-0220 as its examples write it, and the XEP-0185 key of its §2.1.1. */
class DialbackTest {
    static final String DB = "xmlns:db='jabber:server:dialback'";

    static Element parse(String xml) {
        return XepExamples.parse("<wrap xmlns='jabber:server' " + DB + ">" + xml + "</wrap>").get(0).elements().get(0);
    }

    @Test
    void theKeyOfSection2_1_1() {
        // key = HMAC-SHA256(SHA256('s3cr3tf0rd14lb4ck'), { 'montague.example', ' ', 'capulet.example', ' ', 'D60000229F' })
        assertThat(Dialback.key("s3cr3tf0rd14lb4ck", "montague.example", "capulet.example", "D60000229F"))
                .isEqualTo("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3");
        assertThat(Dialback.verifies(" b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3\n", "s3cr3tf0rd14lb4ck",
                "montague.example", "capulet.example", "D60000229F")).isTrue();
        assertThat(Dialback.verifies("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3", "s3cr3tf0rd14lb4ck",
                "montague.example", "capulet.example", "D60000229G")).as("another stream").isFalse();
    }

    @Test
    void requestsAnswersAndErrors_2_1_and_2_5() {
        // Example 1
        Dialback request = Dialback.from(parse("<db:result from='capulet.example' to='montague.example'>\n"
                + "        b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3\n      </db:result>"));
        assertThat(request.isRequest()).isTrue();
        assertThat(request.verify()).isFalse();
        assertThat(request.key()).isEqualTo("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3");
        // Example 2: the answer goes back from the Target Domain to the Sender Domain
        Dialback valid = Dialback.answer(request, true);
        assertThat(valid.toElement()).isEqualTo(parse("<db:result from='montague.example' to='capulet.example' type='valid'/>"));
        assertThat(Dialback.from(valid.toElement()).valid()).isTrue();
        // Example 4: an error carries a stanza error condition
        Dialback error = Dialback.from(parse("<db:result from='montague.example' to='capulet.example' type='error'>"
                + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>"));
        assertThat(error.error()).isEqualTo(StanzaError.Condition.ITEM_NOT_FOUND);
        assertThat(Dialback.from(Dialback.error(request, StanzaError.Condition.REMOTE_SERVER_NOT_FOUND).toElement()).error())
                .isEqualTo(StanzaError.Condition.REMOTE_SERVER_NOT_FOUND);
        // a verify names the stream it is about
        Dialback verify = Dialback.from(parse("<db:verify from='capulet.example' id='D60000229F' to='montague.example'>key</db:verify>"));
        assertThat(verify.verify()).isTrue();
        assertThat(verify.id()).isEqualTo("D60000229F");
        assertThat(Dialback.answer(verify, false).toElement().attribute("id")).isEqualTo("D60000229F");
        assertThat(Dialback.from(parse("<db:result to='montague.example'>k</db:result>"))).as("no 'from'").isNull();
        assertThat(Dialback.feature().child("errors", Dialback.FEATURE_NAMESPACE)).isNotNull();
    }
}
