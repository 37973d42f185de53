package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.disco.DiscoInfo;
import dev.parley.protocol.disco.EntityCaps;
import dev.parley.protocol.xml.Element;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** XEP-0115: the server names its capabilities in its stream features (§6.3), and they are what its disco#info says. */
class ServerCapabilitiesTest {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theStreamFeaturesCarryTheServersCaps_6_3() throws Exception {
        try (RawClient c = new RawClient(fixture.node.c2sPort())) {
            c.open();
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
            assertThat(c.nextElement().name()).isEqualTo("success");
            Element features = c.restart();
            Element caps = features.child("c", EntityCaps.NAMESPACE);
            assertThat(caps).isNotNull();
            assertThat(caps.attribute("hash")).isEqualTo("sha-1");
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            c.answerTo("b");
            // §6.2: disco#info to node#ver answers, and hashes to ver; §7: caps is among the features
            String node = caps.attribute("node") + "#" + caps.attribute("ver");
            c.send("<iq type='get' id='d' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='" + node + "'/></iq>");
            Element q = c.answerTo("d").child("query", DiscoInfo.NAMESPACE);
            assertThat(q.attribute("node")).isEqualTo(node);
            DiscoInfo info = DiscoInfo.from(q);
            assertThat(info.hasFeature(EntityCaps.NAMESPACE)).isTrue();
            assertThat(EntityCaps.ver(info)).isEqualTo(caps.attribute("ver"));
        }
    }
}
