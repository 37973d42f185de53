package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.StreamHardeningTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MUC service's own answers: discovery (XEP-0045 §6.2), unique room names (XEP-0307), unknown requests. */
class MucServiceTest {
    static Element ask(RawClient c, String id, String payload) throws Exception {
        c.send("<iq type='get' id='" + id + "' to='conference.localhost'>" + payload + "</iq>");
        return c.answerTo(id);
    }

    @Test
    void uniqueRoomNames_XEP0307_andDiscovery() throws Exception {
        try (NodeFixture node = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true));
                RawClient c = new RawClient(node.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(c);
            Element info = ask(c, "d", "<query xmlns='http://jabber.org/protocol/disco#info'/>");
            assertThat(info.toString()).contains("var='http://jabber.org/protocol/muc#unique'", "var='http://jabber.org/protocol/muc'");
            Element first = ask(c, "u1", "<unique xmlns='http://jabber.org/protocol/muc#unique'/>");
            Element second = ask(c, "u2", "<unique xmlns='http://jabber.org/protocol/muc#unique'/>");
            String a = first.child("unique", "http://jabber.org/protocol/muc#unique").text();
            String b = second.child("unique", "http://jabber.org/protocol/muc#unique").text();
            assertThat(a).matches("[0-9a-f]{40}");
            assertThat(b).matches("[0-9a-f]{40}").isNotEqualTo(a);
            // RFC 6120 §8.4: what the service does not understand
            Element unknown = ask(c, "x", "<query xmlns='urn:example:nothing'/>");
            assertThat(unknown.attribute("type")).isEqualTo("error");
            assertThat(unknown.toString()).contains("service-unavailable");
        }
    }
}
