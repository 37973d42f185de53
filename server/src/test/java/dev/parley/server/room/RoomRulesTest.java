package dev.parley.server.room;

import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** Rules read off the wire: occupant queries (§6.6), self-ping (XEP-0410), error bounces (§11.1); and a restart. */
class RoomRulesTest {
    static NodeFixture fixture;
    static final String ROOM = "coven@conference.localhost";

    @BeforeAll
    static void start() throws Exception {
        fixture = new NodeFixture(Map.of("parley.c2s.allow-plaintext-on-loopback", true, "parley.c2s.allow-anonymous", true));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static void enter(RawClient c, String nick, int expect) throws Exception {
        c.send("<presence to='" + ROOM + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        for (int i = 0; i < expect; i++) c.nextElement();
    }

    static Element answer(RawClient c, String id) throws Exception {
        return c.answerTo(id);
    }

    @Test
    void occupantQueriesSelfPingAndErrorBounces() throws Exception {
        try (RawClient crone = new RawClient(fixture.node.c2sPort()); RawClient wicca = new RawClient(fixture.node.c2sPort());
                RawClient outsider = new RawClient(fixture.node.c2sPort())) {
            anonymousLogin(crone);
            String wiccaJid = anonymousLogin(wicca);
            anonymousLogin(outsider);
            enter(crone, "firstwitch", 1);
            crone.send("<iq type='set' id='inst' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                    + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
            answer(crone, "inst");
            enter(wicca, "secondwitch", 3); // firstwitch, self, subject
            crone.nextElement(); // secondwitch arrives

            // §6.6: a non-occupant's disco query to an occupant is a bad request
            outsider.send("<iq type='get' id='d1' to='" + ROOM + "/firstwitch'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            assertThat(answer(outsider, "d1").child("error", "jabber:client").child("bad-request", "urn:ietf:params:xml:ns:xmpp-stanzas")).isNotNull();
            // XEP-0410: self-ping; a non-occupant's is not acceptable
            wicca.send("<iq type='get' id='p1' to='" + ROOM + "/secondwitch'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(answer(wicca, "p1").attribute("type")).isEqualTo("result");
            outsider.send("<iq type='get' id='p2' to='" + ROOM + "/secondwitch'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(answer(outsider, "p2").child("error", "jabber:client").child("not-acceptable", "urn:ietf:params:xml:ns:xmpp-stanzas")).isNotNull();
            // §18: an occupant's IQ to another occupant is passed through, and so is the answer
            crone.send("<iq type='get' id='v1' to='" + ROOM + "/secondwitch'><query xmlns='jabber:iq:version'/></iq>");
            Element passed = wicca.nextElement();
            assertThat(passed.attribute("from")).isEqualTo(ROOM + "/firstwitch");
            assertThat(passed.attribute("to")).isEqualTo(wiccaJid);
            wicca.send("<iq type='result' id='v1' to='" + ROOM + "/firstwitch'><query xmlns='jabber:iq:version'><name>raw</name></query></iq>");
            Element back = answer(crone, "v1");
            assertThat(back.attribute("from")).isEqualTo(ROOM + "/secondwitch");
            assertThat(back.child("query", "jabber:iq:version").childText("name", "jabber:iq:version")).isEqualTo("raw");

            // §11.1: the occupant's client bounces an error: removed, with 333 for everyone
            wicca.send("<message type='error' to='" + ROOM + "'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
            Element removed = crone.nextElement();
            assertThat(removed.attribute("type")).isEqualTo("unavailable");
            assertThat(MucUser.fromParent(removed).statuses()).containsExactly(Status.REMOVED_ERROR_333);
        }
    }

    @Test
    void aPersistentRoomKeepsItsConfigurationAffiliationsAndSubjectAcrossARestart() throws Exception {
        try (NodeFixture node = new NodeFixture()) {
            node.addUser("crone1", "crone1-pass");
            node.addUser("wiccarocks", "wiccarocks-pass");
            XMPPTCPConnection crone = node.login("crone1", "crone1-pass", "desktop");
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(crone).getMultiUserChat(JidCreate.entityBareFrom("keep@conference.localhost"));
            muc.create(Resourcepart.from("firstwitch"));
            FillableForm form = muc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_persistentroom", true);
            form.setAnswer("muc#roomconfig_roomdesc", "Kept across restarts");
            muc.sendConfigurationForm(form);
            muc.grantMembership(JidCreate.entityBareFrom("wiccarocks@localhost"));
            muc.changeSubject("Fire burn and cauldron bubble");
            muc.leave();
            crone.disconnect();
            // a temporary room with someone in it when the node stops
            XMPPTCPConnection wicca = node.login("wiccarocks", "wiccarocks-pass", "laptop");
            MultiUserChatManager.getInstanceFor(wicca).getMultiUserChat(JidCreate.entityBareFrom("fleeting@conference.localhost"))
                    .create(Resourcepart.from("secondwitch")).makeInstant();

            node.restart();
            wicca.disconnect();

            XMPPTCPConnection back = node.login("crone1", "crone1-pass", "again");
            try {
                MultiUserChat again = MultiUserChatManager.getInstanceFor(back).getMultiUserChat(JidCreate.entityBareFrom("keep@conference.localhost"));
                again.join(Resourcepart.from("firstwitch"));
                org.awaitility.Awaitility.await().until(() -> "Fire burn and cauldron bubble".equals(again.getSubject()));
                assertThat(again.getMembers()).extracting(a -> a.getJid().toString()).containsExactly("wiccarocks@localhost");
                assertThat(again.getOwners()).extracting(a -> a.getJid().toString()).containsExactly("crone1@localhost");
                assertThat(MultiUserChatManager.getInstanceFor(back).getRoomInfo(JidCreate.entityBareFrom("keep@conference.localhost"))
                        .getDescription()).isEqualTo("Kept across restarts");
                again.leave();
                // the temporary room did not survive the restart (§10.1)
                org.jivesoftware.smack.XMPPException.XMPPErrorException gone = org.assertj.core.api.Assertions.catchThrowableOfType(
                        org.jivesoftware.smack.XMPPException.XMPPErrorException.class,
                        () -> MultiUserChatManager.getInstanceFor(back).getRoomInfo(JidCreate.entityBareFrom("fleeting@conference.localhost")));
                assertThat(gone.getStanzaError().getCondition()).isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.item_not_found);
            } finally {
                back.disconnect();
            }
        }
    }
}
