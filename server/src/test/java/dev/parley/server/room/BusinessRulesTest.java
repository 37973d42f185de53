package dev.parley.server.room;

import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XEP-0045's business rules (§17) and the configuration rules that go with them (§10.2), read off the wire:
 * each test a rule a client relies on, named after its section.
 */
class BusinessRulesTest {
    static NodeFixture fixture;
    static final String SERVICE = "conference.localhost";
    static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    static final String ADMIN = "http://jabber.org/protocol/muc#admin";

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static RawClient client() throws Exception {
        return new RawClient(fixture.node.c2sPort());
    }

    /** Creates {@code room} as {@code owner} with the fields given ("var", "value", …), unlocked. */
    static void create(RawClient owner, String room, String nick, String... fields) throws Exception {
        owner.send("<presence to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        assertThat(MucUser.fromParent(owner.nextNamed("presence")).hasStatus(Status.ROOM_CREATED_201)).isTrue();
        StringBuilder form = new StringBuilder("<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>");
        for (int i = 0; i < fields.length; i += 2) form.append("<field var='").append(fields[i]).append("'><value>").append(fields[i + 1]).append("</value></field>");
        owner.send("<iq type='set' id='cfg' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<x xmlns='jabber:x:data' type='submit'>" + (fields.length == 0 ? "" : form) + "</x></query></iq>");
        assertThat(owner.answerTo("cfg").attribute("type")).isEqualTo("result");
    }

    /** Enters {@code room}; returns the self-presence (110), after everything sent before it. */
    static Element enter(RawClient c, String room, String nick) throws Exception {
        c.send("<presence to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        while (true) {
            Element p = c.nextNamed("presence");
            if (room.concat("/").concat(nick).equals(p.attribute("from")) && MucUser.fromParent(p).hasStatus(Status.PRESENCE_TO_SELF_110)) return p;
        }
    }

    static String condition(Element error) {
        Element e = error.child("error", "jabber:client");
        assertThat(e).as("an error element in " + error).isNotNull();
        return e.children().stream().filter(n -> n instanceof Element c && STANZAS.equals(c.namespace()))
                .map(n -> ((Element) n).name()).findFirst().orElse(null);
    }

    @Test
    void groupchatToARoomThatDoesNotExistOrIsLockedIsItemNotFound_17_2_rule3() throws Exception {
        try (RawClient crone = client(); RawClient wicca = client()) {
            anonymousLogin(crone);
            anonymousLogin(wicca);
            wicca.send("<message to='nowhere@" + SERVICE + "' type='groupchat' id='g1'><body>anyone?</body></message>");
            Element bounce = wicca.answerTo("g1");
            assertThat(bounce.attribute("type")).isEqualTo("error");
            assertThat(condition(bounce)).isEqualTo("item-not-found");

            // created, not configured yet: locked (§10.1.1), so not found either for anyone but its owner
            crone.send("<presence to='heath@" + SERVICE + "/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(MucUser.fromParent(crone.nextNamed("presence")).hasStatus(Status.ROOM_CREATED_201)).isTrue();
            wicca.send("<message to='heath@" + SERVICE + "' type='groupchat' id='g2'><body>anyone?</body></message>");
            assertThat(condition(wicca.answerTo("g2"))).isEqualTo("item-not-found");
        }
    }

    @Test
    void anItemChangingRoleAndAffiliationIsBadRequestAndNothingChanges_17_4_rule4() throws Exception {
        String room = "cauldron@" + SERVICE;
        try (RawClient crone = client(); RawClient wicca = client()) {
            anonymousLogin(crone);
            String wiccaJid = anonymousLogin(wicca);
            create(crone, room, "firstwitch");
            enter(wicca, room, "secondwitch");
            crone.nextNamed("presence"); // secondwitch arrives

            crone.send("<iq type='set' id='both' to='" + room + "'><query xmlns='" + ADMIN + "'>"
                    + "<item nick='secondwitch' jid='" + wiccaJid + "' role='moderator' affiliation='admin'/></query></iq>");
            Element answer = crone.answerTo("both");
            assertThat(answer.attribute("type")).isEqualTo("error");
            assertThat(condition(answer)).isEqualTo("bad-request");

            // nothing changed: no admin, and secondwitch is still a participant
            crone.send("<iq type='get' id='admins' to='" + room + "'><query xmlns='" + ADMIN + "'><item affiliation='admin'/></query></iq>");
            assertThat(crone.answerTo("admins").child("query", ADMIN).children()).isEmpty();
            crone.send("<iq type='get' id='mods' to='" + room + "'><query xmlns='" + ADMIN + "'><item role='moderator'/></query></iq>");
            List<Element> mods = crone.answerTo("mods").child("query", ADMIN).elements();
            assertThat(mods).extracting(e -> e.attribute("nick")).containsExactly("firstwitch");
        }
    }

    @Test
    void roleListsGiveEachOccupantsFullJid_17_4_rule5() throws Exception {
        String room = "blasted-heath@" + SERVICE;
        try (RawClient crone = client(); RawClient wicca = client()) {
            String croneJid = anonymousLogin(crone);
            String wiccaJid = anonymousLogin(wicca);
            create(crone, room, "firstwitch", "muc#roomconfig_whois", "anyone");
            enter(wicca, room, "secondwitch");
            crone.nextNamed("presence");

            crone.send("<iq type='get' id='parts' to='" + room + "'><query xmlns='" + ADMIN + "'><item role='participant'/></query></iq>");
            List<Element> participants = crone.answerTo("parts").child("query", ADMIN).elements();
            assertThat(participants).hasSize(1);
            Element item = participants.get(0);
            assertThat(item.attribute("nick")).isEqualTo("secondwitch");
            assertThat(item.attribute("role")).isEqualTo("participant");
            assertThat(item.attribute("affiliation")).isEqualTo("none");
            assertThat(item.attribute("jid")).as("the full JID, resource included").isEqualTo(wiccaJid).contains("/");

            crone.send("<iq type='get' id='mods' to='" + room + "'><query xmlns='" + ADMIN + "'><item role='moderator'/></query></iq>");
            Element mod = crone.answerTo("mods").child("query", ADMIN).elements().get(0);
            assertThat(mod.attribute("jid")).isEqualTo(croneJid);
            assertThat(mod.attribute("affiliation")).isEqualTo("owner");
        }
    }

    @Test
    void aRoomMadeMembersOnlyRemovesItsNonMembersWith322_10_2_and_9_4() throws Exception {
        String room = "forres@" + SERVICE;
        try (RawClient crone = client(); RawClient wicca = client(); RawClient hag = client()) {
            anonymousLogin(crone);
            String wiccaJid = anonymousLogin(wicca);
            String hagJid = anonymousLogin(hag);
            create(crone, room, "firstwitch");
            enter(wicca, room, "secondwitch");
            crone.nextNamed("presence");
            enter(hag, room, "thirdwitch");
            crone.nextNamed("presence");
            wicca.nextNamed("presence");
            String hagBare = hagJid.substring(0, hagJid.indexOf('/'));
            crone.send("<iq type='set' id='member' to='" + room + "'><query xmlns='" + ADMIN + "'><item affiliation='member' jid='" + hagBare + "'/></query></iq>");
            assertThat(crone.answerTo("member").attribute("type")).isEqualTo("result");
            hag.nextNamed("presence"); // thirdwitch's own presence, now a member (110)
            wicca.nextNamed("presence");

            crone.send("<iq type='set' id='mo' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                    + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                    + "<field var='muc#roomconfig_membersonly'><value>1</value></field></x></query></iq>");
            assertThat(crone.answerTo("mo").attribute("type")).isEqualTo("result");

            // the non-member: unavailable, role none, with 110 and 322
            Element removed = wicca.nextNamed("presence");
            assertThat(removed.attribute("type")).isEqualTo("unavailable");
            assertThat(removed.attribute("from")).isEqualTo(room + "/secondwitch");
            assertThat(removed.attribute("to")).isEqualTo(wiccaJid);
            MucUser x = MucUser.fromParent(removed);
            assertThat(x.statuses()).contains(Status.PRESENCE_TO_SELF_110, Status.REMOVED_MEMBERS_ONLY_322);
            assertThat(x.item().role().value()).isEqualTo("none");
            // those who stay: told, with 322
            for (RawClient stays : List.of(crone, hag)) {
                Element told = stays.nextNamed("presence");
                assertThat(told.attribute("type")).isEqualTo("unavailable");
                assertThat(told.attribute("from")).isEqualTo(room + "/secondwitch");
                assertThat(MucUser.fromParent(told).statuses()).containsExactly(Status.REMOVED_MEMBERS_ONLY_322);
            }
            // the member is still in: the moderator lists firstwitch and thirdwitch only
            crone.send("<iq type='get' id='parts' to='" + room + "'><query xmlns='" + ADMIN + "'><item role='participant'/></query></iq>");
            assertThat(crone.answerTo("parts").child("query", ADMIN).elements()).extracting(e -> e.attribute("nick")).containsExactly("thirdwitch");
            // and the one removed may not come back (§7.2.6)
            wicca.send("<presence id='back' to='" + room + "/secondwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            assertThat(condition(wicca.answerTo("back"))).isEqualTo("registration-required");
        }
    }

    @Test
    void aJoinFromAnOccupantAlreadyInIsAFullSynchronisation_17_3_rule3() throws Exception {
        String room = "dunsinane@" + SERVICE;
        try (RawClient crone = client(); RawClient wicca = client()) {
            anonymousLogin(crone);
            String wiccaJid = anonymousLogin(wicca);
            create(crone, room, "firstwitch");
            crone.send("<message to='" + room + "' type='groupchat' id='s'><subject>Fair is foul</subject></message>");
            crone.answerTo("s");
            crone.send("<message to='" + room + "' type='groupchat' id='m1'><body>When shall we three meet again?</body></message>");
            crone.answerTo("m1");
            enter(wicca, room, "secondwitch");
            wicca.nextNamed("message"); // history
            wicca.nextNamed("message"); // subject
            crone.nextNamed("presence"); // secondwitch arrives

            // the same join again, as a client that lost track of the room sends it: the whole welcome again,
            // in the order of §7.2.2 (others' presence, self-presence with 110, history, subject)
            wicca.send("<presence id='again' to='" + room + "/secondwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            Element other = wicca.nextElement();
            Element self = wicca.nextElement();
            Element history = wicca.nextElement();
            Element subject = wicca.nextElement();
            assertThat(other.name()).isEqualTo("presence");
            assertThat(other.attribute("from")).isEqualTo(room + "/firstwitch");
            assertThat(self.attribute("from")).isEqualTo(room + "/secondwitch");
            assertThat(self.attribute("to")).isEqualTo(wiccaJid);
            assertThat(self.attribute("id")).isEqualTo("again");
            assertThat(MucUser.fromParent(self).hasStatus(Status.PRESENCE_TO_SELF_110)).isTrue();
            assertThat(history.childText("body", "jabber:client")).isEqualTo("When shall we three meet again?");
            assertThat(subject.childText("subject", "jabber:client")).isEqualTo("Fair is foul");

            // the presence did not change: the others hear nothing; a changed one they hear of, once
            wicca.send("<presence id='away' to='" + room + "/secondwitch'><show>away</show><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            Element seen = crone.nextNamed("presence");
            assertThat(seen.attribute("from")).isEqualTo(room + "/secondwitch");
            assertThat(seen.childText("show", "jabber:client")).isEqualTo("away");
            crone.send("<message to='" + room + "' type='groupchat' id='m2'><body>In thunder, lightning, or in rain?</body></message>");
            assertThat(crone.nextElement().childText("body", "jabber:client")).as("no other presence before it").isEqualTo("In thunder, lightning, or in rain?");
            // and the one who synchronised is still one occupant
            crone.send("<iq type='get' id='parts' to='" + room + "'><query xmlns='" + ADMIN + "'><item role='participant'/></query></iq>");
            assertThat(crone.answerTo("parts").child("query", ADMIN).elements()).hasSize(1);
        }
    }
}
