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

/** The exact stanzas and their order, read off the wire (Smack would hide the order). */
class EnteringOrderTest {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static final String ROOM = "coven@conference.localhost";

    static Element join(RawClient c, String nick, String id) throws Exception {
        c.send("<presence id='" + id + "' to='" + ROOM + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        return c.nextElement();
    }

    @Test
    void othersThenSelfWith110ThenHistoryThenSubject_7_1_and_7_2_2() throws Exception {
        try (RawClient crone = new RawClient(fixture.node.c2sPort()); RawClient wicca = new RawClient(fixture.node.c2sPort());
                RawClient hag = new RawClient(fixture.node.c2sPort())) {
            String croneJid = anonymousLogin(crone);
            anonymousLogin(wicca);
            String hagJid = anonymousLogin(hag);

            // §10.1.1: the creator's self-presence: owner, moderator, 110 and 201
            Element created = join(crone, "firstwitch", "c1");
            MucUser x = MucUser.fromParent(created);
            assertThat(x.statuses()).containsExactly(Status.PRESENCE_TO_SELF_110, Status.ROOM_CREATED_201);
            assertThat(x.item().affiliation().value()).isEqualTo("owner");
            assertThat(created.attribute("id")).isEqualTo("c1");
            crone.send("<iq type='set' id='inst' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                    + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
            assertThat(crone.nextElement().attribute("type")).isEqualTo("result");

            join(wicca, "secondwitch", "w1"); // firstwitch's presence to wicca
            Element wiccaSelf = wicca.nextElement();
            assertThat(MucUser.fromParent(wiccaSelf).hasStatus(Status.PRESENCE_TO_SELF_110)).isTrue();
            assertThat(wicca.nextElement().child("subject", "jabber:client")).isNotNull();
            assertThat(crone.nextElement().attribute("from")).isEqualTo(ROOM + "/secondwitch");

            crone.send("<message to='" + ROOM + "' type='groupchat' id='m1'><body>Thrice the brinded cat hath mew'd.</body></message>");
            assertThat(crone.nextElement().childText("body", "jabber:client")).isEqualTo("Thrice the brinded cat hath mew'd.");
            assertThat(wicca.nextElement().childText("body", "jabber:client")).isEqualTo("Thrice the brinded cat hath mew'd.");

            // the third witch: 1. others' presence, 2. self-presence, 3. history, 4. subject (§7.1)
            Element first = join(hag, "thirdwitch", "h1");
            Element second = hag.nextElement();
            Element self = hag.nextElement();
            Element historic = hag.nextElement();
            Element subject = hag.nextElement();
            assertThat(first.attribute("from")).isEqualTo(ROOM + "/firstwitch");
            assertThat(MucUser.fromParent(first).item().jid()).as("semi-anonymous: no real JID for a participant (§7.2.4)").isNull();
            assertThat(second.attribute("from")).isEqualTo(ROOM + "/secondwitch");
            assertThat(self.attribute("from")).isEqualTo(ROOM + "/thirdwitch");
            assertThat(self.attribute("to")).isEqualTo(hagJid);
            assertThat(self.attribute("id")).isEqualTo("h1");
            assertThat(MucUser.fromParent(self).statuses()).containsExactly(Status.PRESENCE_TO_SELF_110);
            assertThat(historic.childText("body", "jabber:client")).isEqualTo("Thrice the brinded cat hath mew'd.");
            assertThat(historic.attribute("from")).isEqualTo(ROOM + "/firstwitch");
            assertThat(historic.child("delay", "urn:xmpp:delay").attribute("from")).isEqualTo(ROOM);
            assertThat(subject.child("subject", "jabber:client")).isNotNull();
            assertThat(subject.childText("body", "jabber:client")).isNull();

            // the owner, a moderator, sees the newcomer's real JID (§7.2.4)
            Element seenByOwner = crone.nextElement();
            assertThat(MucUser.fromParent(seenByOwner).item().jid()).isEqualTo(hagJid);

            // and a participant gets the newcomer's presence without it
            Element seenByWicca = wicca.nextElement();
            assertThat(seenByWicca.attribute("from")).isEqualTo(ROOM + "/thirdwitch");
            assertThat(MucUser.fromParent(seenByWicca).item().jid()).isNull();

            // §7.14: leaving: unavailable with 110 to the leaver, without to the others
            hag.send("<presence type='unavailable' to='" + ROOM + "/thirdwitch'/>");
            Element gone = hag.nextElement();
            assertThat(gone.attribute("type")).isEqualTo("unavailable");
            assertThat(MucUser.fromParent(gone).statuses()).containsExactly(Status.PRESENCE_TO_SELF_110);
            assertThat(MucUser.fromParent(gone).item().role()).isEqualTo(dev.parley.protocol.muc.Role.NONE); // Example 80
            Element goneForOthers = wicca.nextElement();
            assertThat(goneForOthers.attribute("type")).isEqualTo("unavailable");
            assertThat(MucUser.fromParent(goneForOthers).statuses()).isEmpty();
            assertThat(MucUser.fromParent(goneForOthers).item().role()).isEqualTo(dev.parley.protocol.muc.Role.NONE);
            assertThat(croneJid).startsWith("anon-");
        }
    }
}
