package dev.parley.server.room;

import static dev.parley.server.room.BusinessRulesTest.condition;
import static dev.parley.server.room.BusinessRulesTest.enter;
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

/**
 * XEP-0045 §7.2.8: a user in a room from several devices (resources) under one nickname is one occupant to
 * everyone else; each device receives what the occupant receives (messages to all, private messages, its own
 * presence); it leaves when its last device does; a different user asking for the nickname gets conflict.
 */
class MultiDeviceTest {
    static NodeFixture fixture;
    static final String ROOM = "hearth@conference.localhost";

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of());
        fixture.addUser("crone1", "crone1-pass");
        fixture.addUser("hag66", "hag66-pass");
        fixture.addUser("wiccarocks", "wiccarocks-pass");
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static RawClient login(String user) throws Exception {
        RawClient c = new RawClient(fixture.node.c2sPort());
        c.login(fixture.trustManager(), user, user + "-pass");
        return c;
    }

    /** The next presence from {@code from} (skipping anything else). */
    static Element presenceFrom(RawClient c, String from) throws Exception {
        while (true) {
            Element p = c.nextNamed("presence");
            if (from.equals(p.attribute("from"))) return p;
        }
    }

    /** Nothing but what {@code probe} answers arrives first: a ping to the room, answered after anything sent before it. */
    static void nothingBefore(RawClient c, String id) throws Exception {
        c.send("<iq type='get' id='" + id + "' to='" + ROOM + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        Element next = c.nextElement();
        assertThat(next.attribute("id")).as("nothing before the ping's answer, got " + next).isEqualTo(id);
    }

    @Test
    void oneOccupantFromTwoDevices_7_2_8() throws Exception {
        try (RawClient crone = login("crone1"); RawClient phone = login("hag66"); RawClient laptop = login("hag66"); RawClient wicca = login("wiccarocks")) {
            BusinessRulesTest.create(crone, ROOM, "firstwitch");
            enter(phone, ROOM, "oldhag");
            phone.nextNamed("message"); // the subject ends its welcome
            presenceFrom(crone, ROOM + "/oldhag");

            // the second device enters under the same nickname: a full welcome for it, nothing for the others
            laptop.send("<presence to='" + ROOM + "/oldhag'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(presenceFrom(laptop, ROOM + "/firstwitch")).isNotNull();
            Element self = presenceFrom(laptop, ROOM + "/oldhag");
            assertThat(MucUser.fromParent(self).hasStatus(Status.PRESENCE_TO_SELF_110)).isTrue();
            assertThat(laptop.nextNamed("message").child("subject", "jabber:client")).isNotNull();
            nothingBefore(crone, "quiet-1");
            nothingBefore(phone, "quiet-2");

            // a different user asking for the nickname still gets conflict (§7.2.8)
            wicca.send("<presence to='" + ROOM + "/oldhag'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(condition(wicca.nextNamed("presence"))).isEqualTo("conflict");

            // one occupant: the room counts it once
            crone.send("<iq type='get' id='items' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
            assertThat(crone.answerTo("items").child("query", "http://jabber.org/protocol/disco#items").elements()).hasSize(2);

            // a message to all reaches both devices; one sent from either comes from the one occupant JID
            crone.send("<message to='" + ROOM + "' type='groupchat' id='g1'><body>Round about the cauldron go</body></message>");
            assertThat(phone.nextNamed("message").childText("body", "jabber:client")).isEqualTo("Round about the cauldron go");
            assertThat(laptop.nextNamed("message").childText("body", "jabber:client")).isEqualTo("Round about the cauldron go");
            crone.nextNamed("message");
            laptop.send("<message to='" + ROOM + "' type='groupchat' id='g2'><body>In the poisoned entrails throw</body></message>");
            for (RawClient c : new RawClient[] {crone, phone, laptop}) {
                Element m = c.nextNamed("message");
                assertThat(m.attribute("from")).isEqualTo(ROOM + "/oldhag");
                assertThat(m.childText("body", "jabber:client")).isEqualTo("In the poisoned entrails throw");
            }
            // a private message to the nickname reaches every device ("RECOMMENDED to route to all resources")
            crone.send("<message to='" + ROOM + "/oldhag' type='chat' id='pm1'><body>a word</body></message>");
            assertThat(phone.nextNamed("message").childText("body", "jabber:client")).isEqualTo("a word");
            assertThat(laptop.nextNamed("message").childText("body", "jabber:client")).isEqualTo("a word");

            // a device's own presence change stays its own; the others see the occupant's first device
            laptop.send("<presence to='" + ROOM + "/oldhag'><show>away</show></presence>");
            Element own = presenceFrom(laptop, ROOM + "/oldhag");
            assertThat(own.childText("show", "jabber:client")).isEqualTo("away");
            nothingBefore(crone, "quiet-3");
            phone.send("<presence to='" + ROOM + "/oldhag'><show>dnd</show></presence>");
            assertThat(presenceFrom(crone, ROOM + "/oldhag").childText("show", "jabber:client")).isEqualTo("dnd");
            assertThat(MucUser.fromParent(presenceFrom(laptop, ROOM + "/oldhag")).hasStatus(Status.PRESENCE_TO_SELF_110)).isTrue();
            assertThat(presenceFrom(phone, ROOM + "/oldhag").childText("show", "jabber:client")).isEqualTo("dnd"); // §7.7: its own, with 110

            // one device changing the nickname would leave the other behind: refused
            laptop.send("<presence to='" + ROOM + "/newhag'/>");
            assertThat(condition(laptop.nextNamed("presence"))).isEqualTo("not-acceptable");

            // the phone leaves: it hears of it, the occupant stays (the others see the laptop's presence now)
            phone.send("<presence to='" + ROOM + "/oldhag' type='unavailable'/>");
            Element gone = presenceFrom(phone, ROOM + "/oldhag");
            assertThat(gone.attribute("type")).isEqualTo("unavailable");
            assertThat(MucUser.fromParent(gone).hasStatus(Status.PRESENCE_TO_SELF_110)).isTrue();
            Element now = presenceFrom(crone, ROOM + "/oldhag");
            assertThat(now.attribute("type")).as("not unavailable: another device is in").isNull();
            assertThat(now.childText("show", "jabber:client")).isEqualTo("away");
            crone.send("<message to='" + ROOM + "' type='groupchat' id='g3'><body>still there?</body></message>");
            assertThat(laptop.nextNamed("message").childText("body", "jabber:client")).isEqualTo("still there?");

            // the last device leaves: now the others hear it
            laptop.send("<presence to='" + ROOM + "/oldhag' type='unavailable'/>");
            assertThat(presenceFrom(crone, ROOM + "/oldhag").attribute("type")).isEqualTo("unavailable");
        }
    }

    @Test
    void aKickRemovesEveryDevice_8_2() throws Exception {
        String room = "kitchen@conference.localhost";
        try (RawClient crone = login("crone1"); RawClient phone = login("hag66"); RawClient laptop = login("hag66")) {
            BusinessRulesTest.create(crone, room, "firstwitch");
            enter(phone, room, "oldhag");
            presenceFrom(crone, room + "/oldhag");
            enter(laptop, room, "oldhag");
            crone.send("<iq type='set' id='kick' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                    + "<item nick='oldhag' role='none'><reason>out</reason></item></query></iq>");
            for (RawClient device : new RawClient[] {phone, laptop}) {
                Element kicked = presenceFrom(device, room + "/oldhag");
                assertThat(kicked.attribute("type")).isEqualTo("unavailable");
                assertThat(MucUser.fromParent(kicked).hasStatus(Status.KICKED_307)).isTrue();
                assertThat(MucUser.fromParent(kicked).hasStatus(Status.PRESENCE_TO_SELF_110)).isTrue();
            }
            Element seen = presenceFrom(crone, room + "/oldhag");
            assertThat(MucUser.fromParent(seen).hasStatus(Status.KICKED_307)).isTrue();
            assertThat(crone.answerTo("kick").attribute("type")).isEqualTo("result");
            nothingBefore(crone, "once"); // one unavailable presence for the occupant, not one per device
        }
    }
}
