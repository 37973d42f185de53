package dev.parley.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.stanza.PreparedStanza;
import dev.parley.protocol.xml.Element;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0198 §4 bookkeeping: what was sent and not acknowledged, kept in order, whatever form it was sent in. */
class StreamManagementTest {
    static final Element PRESENCE = Element.builder("presence", "jabber:client").attribute("from", "coven@chat.shakespeare.lit/firstwitch").build();

    @Test
    void copiesOfPreparedStanzasAreKeptAsSentAndMadeElementsOnlyToResend() {
        StreamManagement sm = new StreamManagement("id", true);
        int[] parsed = {0};
        PreparedStanza prepared = PreparedStanza.compact(PRESENCE, bytes -> {
            parsed[0]++;
            return dev.parley.server.wire.ElementJacksonModule.parseStanza(bytes);
        });
        Element message = Element.builder("message", "jabber:client").attribute("to", "hag66@shakespeare.lit/pda").attribute("id", "m1").build();
        sm.sent(prepared, "hag66@shakespeare.lit/pda");
        sm.sent(message);
        sm.sent(prepared, "hag66@shakespeare.lit/pda");
        assertThat(parsed[0]).as("nothing parsed to count a delivery").isZero();
        assertThat(sm.unackedCount()).isEqualTo(3);
        assertThat(sm.sentCount()).isEqualTo(3);
        assertThat(sm.acknowledge(1)).isTrue();
        List<Element> left = sm.drain();
        assertThat(left).containsExactly(message, PRESENCE.withAttribute("to", "hag66@shakespeare.lit/pda"));
        assertThat(sm.unackedCount()).isZero();
        assertThat(sm.acknowledge(4)).as("h beyond what was sent (§4)").isFalse();
    }
}
