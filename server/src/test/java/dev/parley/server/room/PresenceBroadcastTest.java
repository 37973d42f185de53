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

/** muc#roomconfig_presencebroadcast (XEP-0045 §16.5.3): visitors whose presence the room does not broadcast. */
class PresenceBroadcastTest {
    static final String ROOM = "hall@conference.localhost";

    @Test
    void visitorsPresenceIsNotBroadcastWhenTheRoomSaysSo() throws Exception {
        try (NodeFixture node = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true));
                RawClient owner = new RawClient(node.node.c2sPort()); RawClient visitor = new RawClient(node.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(owner);
            StreamHardeningTest.anonymousLogin(visitor);
            owner.send("<presence to='" + ROOM + "/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            owner.nextNamed("presence");
            owner.send("<iq type='set' id='c' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>"
                    + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                    + "<field var='muc#roomconfig_moderatedroom'><value>1</value></field>"
                    + "<field var='muc#roomconfig_presencebroadcast'><value>moderator</value><value>participant</value></field>"
                    + "</x></query></iq>");
            assertThat(owner.answerTo("c").attribute("type")).isEqualTo("result");

            visitor.send("<presence to='" + ROOM + "/thirdwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            Element ownersPresence = visitor.nextNamed("presence");
            assertThat(ownersPresence.attribute("from")).isEqualTo(ROOM + "/firstwitch");
            Element self = visitor.nextNamed("presence");
            assertThat(MucUser.fromParent(self).statuses()).contains(Status.PRESENCE_TO_SELF_110);
            assertThat(MucUser.fromParent(self).item().role()).isEqualTo(Role.VISITOR);

            // the owner heard nothing of the visitor: the next thing it gets is the answer to its ping
            owner.send("<iq type='get' id='p' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            Element next = owner.nextElement();
            assertThat(next.attribute("id")).isEqualTo("p");
            // nor of its leaving
            visitor.send("<presence type='unavailable' to='" + ROOM + "/thirdwitch'/>");
            assertThat(visitor.nextNamed("presence").attribute("type")).isEqualTo("unavailable");
            owner.send("<iq type='get' id='p2' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(owner.nextElement().attribute("id")).isEqualTo("p2");
        }
    }
}
