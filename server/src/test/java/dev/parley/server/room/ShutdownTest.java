package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Role;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.StreamHardeningTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XEP-0045 §11.2: a node shutting down tells each occupant it is removed (332), then ends the stream (RFC 6120 system-shutdown). */
class ShutdownTest {
    @Test
    void occupantsAreToldTheServiceShutsDown_11_2() throws Exception {
        NodeFixture node = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true));
        try (RawClient c = new RawClient(node.node.c2sPort())) {
            String me = StreamHardeningTest.anonymousLogin(c);
            c.send("<presence to='coven@conference.localhost/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            Element self = c.nextNamed("presence");
            assertThat(MucUser.fromParent(self).statuses()).contains(Status.PRESENCE_TO_SELF_110);

            node.node.close();

            Element removed = c.nextElement();
            assertThat(removed.name()).isEqualTo("presence");
            assertThat(removed.attribute("type")).isEqualTo("unavailable");
            assertThat(removed.attribute("from")).isEqualTo("coven@conference.localhost/firstwitch");
            assertThat(removed.attribute("to")).isEqualTo(me);
            MucUser x = MucUser.fromParent(removed);
            assertThat(x.statuses()).containsExactly(Status.PRESENCE_TO_SELF_110, Status.REMOVED_SHUTDOWN_332);
            assertThat(x.item().role()).isEqualTo(Role.NONE);
            Element end = c.nextElement();
            assertThat(end.is("error", "http://etherx.jabber.org/streams")).isTrue();
            assertThat(end.child("system-shutdown", "urn:ietf:params:xml:ns:xmpp-streams")).isNotNull();
        } finally {
            node.close();
        }
    }
}
