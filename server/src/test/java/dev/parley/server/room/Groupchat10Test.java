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

/** XEP-0045 §7.2.18: presence without the MUC element from a non-occupant, by default and with groupchat 1.0 admitted. */
class Groupchat10Test {
    static final Map<String, Object> RAW = Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true);

    static Element nextPresence(RawClient c) throws Exception {
        return c.nextNamed("presence");
    }

    @Test
    void aNonOccupantsPlainPresenceIsAnsweredWithAKick_7_2_18() throws Exception {
        try (NodeFixture node = new NodeFixture(RAW); RawClient c = new RawClient(node.node.c2sPort())) {
            String me = StreamHardeningTest.anonymousLogin(c);
            c.send("<presence to='coven@conference.localhost/thirdwitch' id='ng91xs69'/>");
            Element kick = nextPresence(c);
            assertThat(kick.attribute("type")).isEqualTo("unavailable");
            assertThat(kick.attribute("from")).isEqualTo("coven@conference.localhost/thirdwitch");
            assertThat(kick.attribute("to")).isEqualTo(me);
            MucUser x = MucUser.fromParent(kick);
            assertThat(x.statuses()).containsExactly(Status.PRESENCE_TO_SELF_110, Status.KICKED_307, Status.REMOVED_ERROR_333);
            assertThat(x.item().role()).isEqualTo(Role.NONE);
            assertThat(x.item().reason()).isEqualTo("You are not in the room.");
            // and nothing was created
            c.send("<iq type='get' id='i' to='coven@conference.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            Element info = c.answerTo("i");
            assertThat(info.attribute("type")).isEqualTo("error");
            assertThat(info.toString()).contains("item-not-found");
        }
    }

    @Test
    void withGroupchat10AdmittedThePresenceEntersAndCreatesAnInstantRoom() throws Exception {
        Map<String, Object> settings = new java.util.HashMap<>(RAW);
        settings.put("parley.muc.admit-groupchat-1-0-clients", true);
        try (NodeFixture node = new NodeFixture(settings); RawClient old = new RawClient(node.node.c2sPort());
                RawClient other = new RawClient(node.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(old);
            old.send("<presence to='coven@conference.localhost/firstwitch'/>");
            Element self = nextPresence(old);
            assertThat(self.attribute("type")).isNull();
            assertThat(MucUser.fromParent(self).statuses()).contains(Status.PRESENCE_TO_SELF_110, Status.ROOM_CREATED_201);
            // an instant room: someone else may enter at once
            StreamHardeningTest.anonymousLogin(other);
            other.send("<presence to='coven@conference.localhost/secondwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            Element seen = nextPresence(other);
            assertThat(seen.attribute("from")).isEqualTo("coven@conference.localhost/firstwitch");
            assertThat(seen.attribute("type")).isNull();
        }
    }

    @Test
    void anOwnerMayAdmitGroupchat10ClientsToOneRoom_7_2_18() throws Exception {
        try (NodeFixture node = new NodeFixture(RAW); RawClient owner = new RawClient(node.node.c2sPort());
                RawClient old = new RawClient(node.node.c2sPort()); RawClient elsewhere = new RawClient(node.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(owner);
            owner.send("<presence to='coven@conference.localhost/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(MucUser.fromParent(nextPresence(owner)).statuses()).contains(Status.ROOM_CREATED_201);
            owner.send("<iq type='set' id='c' to='coven@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                    + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                    + "<field var='x-parley#groupchat10'><value>admit</value></field></x></query></iq>");
            assertThat(owner.answerTo("c").attribute("type")).isEqualTo("result");

            StreamHardeningTest.anonymousLogin(old);
            old.send("<presence to='coven@conference.localhost/oldtimer'/>");
            Element first = nextPresence(old);
            assertThat(first.attribute("from")).as("the others' presence first").isEqualTo("coven@conference.localhost/firstwitch");
            Element self = nextPresence(old);
            assertThat(self.attribute("from")).isEqualTo("coven@conference.localhost/oldtimer");
            assertThat(self.attribute("type")).isNull();
            assertThat(MucUser.fromParent(self).statuses()).contains(Status.PRESENCE_TO_SELF_110);

            // the service's default still holds in other rooms
            StreamHardeningTest.anonymousLogin(elsewhere);
            elsewhere.send("<presence to='heath@conference.localhost/oldtimer'/>");
            Element kick = nextPresence(elsewhere);
            assertThat(kick.attribute("type")).isEqualTo("unavailable");
            assertThat(MucUser.fromParent(kick).statuses()).contains(Status.KICKED_307);
        }
    }
}
