package dev.parley.server.room;

import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static dev.parley.server.room.BusinessRulesTest.condition;
import static dev.parley.server.room.BusinessRulesTest.create;
import static dev.parley.server.room.BusinessRulesTest.enter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * XEP-0313 (Message Archive Management) on a room's JID, over real sockets, the same tests on each storage back end
 * ({@link ArchiveOnH2Test}, {@link ArchiveOnPostgresqlTest}): what is archived and in which order, the filters and
 * paging of §4, the errors of §4.1.3/§4.1.5/§4.3.2, who may ask (§6.1.2), tombstones (XEP-0424/0425), and that
 * catching up through the archive gives exactly what the room's history would have given.
 */
abstract class ArchiveContract {
    static final String MAM = "urn:xmpp:mam:2";
    static final String RSM = "http://jabber.org/protocol/rsm";
    static final String SID = "urn:xmpp:sid:0";
    static final String RETRACT = "urn:xmpp:message-retract:1";

    abstract NodeFixture fixture();

    /** A connection to the database the archive is in. */
    abstract java.sql.Connection database() throws Exception;

    /** The database product the archive is meant to be in ("H2", "PostgreSQL"). */
    abstract String product();

    /** The tests run where they say: the node's archive table is in the database product named. */
    @Test
    void theArchiveIsInTheDatabaseNamed() throws Exception {
        try (java.sql.Connection c = database(); var tables = c.getMetaData().getTables(null, null, "%", null)) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo(product());
            boolean found = false;
            while (tables.next()) found |= tables.getString("TABLE_NAME").equalsIgnoreCase("muc_archive");
            assertThat(found).as("muc_archive, made by the journal's schema V3").isTrue();
        }
    }

    RawClient client() throws Exception {
        RawClient c = new RawClient(fixture().node.c2sPort());
        anonymousLogin(c);
        return c;
    }

    /** A persistent room (archived by default) with {@code owner} in it; the extra fields ("var", "value", …) on top. */
    static void persistentRoom(RawClient owner, String room, String nick, String... extra) throws Exception {
        String[] fields = new String[extra.length + 2];
        fields[0] = "muc#roomconfig_persistentroom";
        fields[1] = "1";
        System.arraycopy(extra, 0, fields, 2, extra.length);
        create(owner, room, nick, fields);
    }

    /** Sends {@code n} messages "prefix i" and waits for each reflection; their stanza ids in order. */
    static List<String> say(RawClient c, String room, String prefix, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) c.send("<message to='" + room + "' type='groupchat' id='" + prefix + i + "'><body>" + prefix + " " + i + "</body></message>");
        for (int i = 0; i < n; i++) {
            Element m = c.nextNamed("message");
            assertThat(m.attribute("type")).as("reflection of %s %d: %s", prefix, i, m).isEqualTo("groupchat");
            ids.add(m.child("stanza-id", SID).attribute("id"));
        }
        return ids;
    }

    /** What a query brought: its results (the forwarded messages' archive ids and the messages) and the IQ that closed it. */
    record Answer(List<String> ids, List<Element> messages, Element iq) {
        Element fin() {
            return iq.child("fin", MAM);
        }

        boolean complete() {
            return "true".equals(fin().attribute("complete"));
        }

        String first() {
            return fin().child("set", RSM).childText("first", RSM);
        }

        String last() {
            return fin().child("set", RSM).childText("last", RSM);
        }
    }

    /** A query: {@code fields} ("var", "value", …) in the form, {@code rsm} (XML inside the set, or null), a flipped page. */
    static Answer query(RawClient c, String room, String id, String rsm, boolean flip, String... fields) throws Exception {
        StringBuilder x = new StringBuilder();
        if (fields.length > 0) {
            x.append("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>").append(MAM).append("</value></field>");
            for (int i = 0; i < fields.length; i += 2) x.append("<field var='").append(fields[i]).append("'><value>").append(fields[i + 1]).append("</value></field>");
            x.append("</x>");
        }
        c.send("<iq type='set' id='" + id + "' to='" + room + "'><query xmlns='" + MAM + "' queryid='q-" + id + "'>" + x
                + (rsm == null ? "" : "<set xmlns='" + RSM + "'>" + rsm + "</set>") + (flip ? "<flip-page/>" : "") + "</query></iq>");
        List<String> ids = new ArrayList<>();
        List<Element> messages = new ArrayList<>();
        while (true) {
            Element e = c.nextElement();
            if (e.name().equals("iq") && id.equals(e.attribute("id"))) return new Answer(ids, messages, e);
            Element result = e.name().equals("message") ? e.child("result", MAM) : null;
            if (result == null) continue;
            assertThat(result.attribute("queryid")).isEqualTo("q-" + id);
            assertThat(e.attribute("from")).as("§4.2: from the archive").isEqualTo(room);
            Element forwarded = result.child("forwarded", "urn:xmpp:forward:0");
            assertThat(forwarded.child("delay", "urn:xmpp:delay").attribute("stamp")).isNotNull();
            Element m = forwarded.child("message", "jabber:client");
            assertThat(m.attribute("to")).as("§6.1.2: no 'to'").isNull();
            ids.add(result.attribute("id"));
            messages.add(m);
        }
    }

    @Test
    void theRoomAdvertisesItsArchive_7_andItsFields_4_1_5() throws Exception {
        String room = "advert@conference.localhost";
        try (RawClient crone = client()) {
            persistentRoom(crone, room, "firstwitch");
            crone.send("<iq type='get' id='info' to='" + room + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            assertThat(crone.answerTo("info").child("query", "http://jabber.org/protocol/disco#info").elements())
                    .extracting(e -> e.attribute("var")).contains(MAM, MAM + "#extended", RETRACT + "#tombstone");
            crone.send("<iq type='get' id='form' to='" + room + "'><query xmlns='" + MAM + "'/></iq>");
            Element form = crone.answerTo("form").child("query", MAM).child("x", "jabber:x:data");
            assertThat(form.elements()).extracting(e -> e.attribute("var")).contains("FORM_TYPE", "with", "start", "end", "before-id", "after-id", "ids");
            assertThat(form.toString()).as("§4.1.5: no field is required").doesNotContain("required");

            // a temporary room keeps no archive
            String temporary = "fleeting@conference.localhost";
            create(crone, temporary, "firstwitch");
            crone.send("<iq type='get' id='info2' to='" + temporary + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            assertThat(crone.answerTo("info2").child("query", "http://jabber.org/protocol/disco#info").elements())
                    .extracting(e -> e.attribute("var")).doesNotContain(MAM);
            crone.send("<iq type='set' id='none' to='" + temporary + "'><query xmlns='" + MAM + "'/></iq>");
            assertThat(condition(crone.answerTo("none"))).isEqualTo("service-unavailable");
        }
    }

    @Test
    void pagesForwardsAndBackwardsCoverTheArchiveInOrder_4_3() throws Exception {
        String room = "annals@conference.localhost";
        try (RawClient crone = client()) {
            persistentRoom(crone, room, "firstwitch");
            List<String> said = say(crone, room, "entry", 120);

            // §4.3.2: forwards, 50 at a time, with <after/>; complete only on the last page
            List<String> forwards = new ArrayList<>();
            Answer page = query(crone, room, "f0", "<max>50</max>", false);
            forwards.addAll(page.ids());
            int pages = 1;
            while (!page.complete()) {
                assertThat(page.ids()).hasSize(50);
                assertThat(page.first()).isEqualTo(page.ids().get(0));
                assertThat(page.last()).isEqualTo(page.ids().get(49));
                page = query(crone, room, "f" + pages, "<max>50</max><after>" + page.last() + "</after>", false);
                forwards.addAll(page.ids());
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(forwards).as("every message once, in the room's order").isEqualTo(said);
            assertThat(page.messages().get(page.messages().size() - 1).childText("body", "jabber:client")).isEqualTo("entry 119");

            // §4.3.3: the last page with an empty <before/>; then back with <before/>id: pages stay in chronological order
            List<String> backwards = new ArrayList<>();
            page = query(crone, room, "b0", "<max>50</max><before/>", false);
            assertThat(page.ids()).isEqualTo(said.subList(70, 120));
            backwards.addAll(0, page.ids());
            int back = 1;
            while (!page.complete()) {
                page = query(crone, room, "b" + back++, "<max>50</max><before>" + page.first() + "</before>", false);
                backwards.addAll(0, page.ids());
            }
            assertThat(backwards).isEqualTo(said);

            // §4.3.4: a flipped page is the same page, newest first
            Answer flipped = query(crone, room, "flip", "<max>50</max><before/>", true);
            List<String> reversed = new ArrayList<>(said.subList(70, 120));
            java.util.Collections.reverse(reversed);
            assertThat(flipped.ids()).isEqualTo(reversed);
            assertThat(flipped.first()).as("first and last name the page, whatever the order sent").isEqualTo(said.get(70));

            // XEP-0059 §2.7: <max>0</max> counts
            Answer count = query(crone, room, "count", "<max>0</max>", false);
            assertThat(count.ids()).isEmpty();
            assertThat(count.fin().child("set", RSM).childText("count", RSM)).isEqualTo("120");

            // §5: the metadata names the first and last message
            crone.send("<iq type='get' id='meta' to='" + room + "'><metadata xmlns='" + MAM + "'/></iq>");
            Element meta = crone.answerTo("meta").child("metadata", MAM);
            assertThat(meta.child("start", MAM).attribute("id")).isEqualTo(said.get(0));
            assertThat(meta.child("end", MAM).attribute("id")).isEqualTo(said.get(119));
        }
    }

    @Test
    void filtersByPublisherTimeAndId_4_1() throws Exception {
        String room = "filters@conference.localhost";
        try (RawClient crone = client(); RawClient hag = client()) {
            persistentRoom(crone, room, "firstwitch");
            enter(hag, room, "oldhag");
            hag.nextNamed("message"); // subject
            crone.nextNamed("presence");
            List<String> crones = say(crone, room, "crone", 3);
            for (int i = 0; i < 3; i++) hag.nextNamed("message");
            String between = java.time.Instant.now().plusMillis(5).toString();
            Thread.sleep(30);
            List<String> hags = say(hag, room, "hag", 4);
            for (int i = 0; i < 4; i++) crone.nextNamed("message");

            // §4.1.1: by occupant JID
            assertThat(query(crone, room, "w1", null, false, "with", room + "/oldhag").ids()).isEqualTo(hags);
            assertThat(query(crone, room, "w2", null, false, "with", room + "/firstwitch").ids()).isEqualTo(crones);
            // §4.1.2: by time
            assertThat(query(crone, room, "t1", null, false, "start", between).ids()).isEqualTo(hags);
            assertThat(query(crone, room, "t2", null, false, "end", between).ids()).isEqualTo(crones);
            assertThat(query(crone, room, "t3", null, false, "start", "2000-01-01T00:00:00Z", "end", "2000-01-02T00:00:00Z").ids()).isEmpty();
            // §4.1.3: after-id, before-id (a range), ids
            assertThat(query(crone, room, "i1", null, false, "after-id", crones.get(2)).ids()).isEqualTo(hags);
            assertThat(query(crone, room, "i2", null, false, "after-id", crones.get(0), "before-id", hags.get(1)).ids())
                    .containsExactly(crones.get(1), crones.get(2), hags.get(0));
            Answer one = query(crone, room, "i3", null, false, "ids", hags.get(2));
            assertThat(one.ids()).containsExactly(hags.get(2));
            assertThat(one.messages().get(0).childText("body", "jabber:client")).isEqualTo("hag 2");
            assertThat(one.messages().get(0).attribute("from")).as("§6.1.2: from the occupant JID").isEqualTo(room + "/oldhag");
        }
    }

    @Test
    void wrongRequestsGetTheErrorsOfTheXep_4_1_3_and_4_1_5_and_4_3_2() throws Exception {
        String room = "errata@conference.localhost";
        try (RawClient crone = client()) {
            persistentRoom(crone, room, "firstwitch");
            say(crone, room, "line", 2);
            assertThat(condition(query(crone, room, "e1", "<after>no-such-id</after>", false).iq())).isEqualTo("item-not-found");
            assertThat(condition(query(crone, room, "e2", "<before>no-such-id</before>", false).iq())).isEqualTo("item-not-found");
            assertThat(condition(query(crone, room, "e3", null, false, "after-id", "no-such-id").iq())).isEqualTo("item-not-found");
            assertThat(condition(query(crone, room, "e4", null, false, "ids", "no-such-id").iq())).isEqualTo("item-not-found");
            assertThat(condition(query(crone, room, "e5", null, false, "{urn:example}free-text-search", "potions").iq()))
                    .isEqualTo("feature-not-implemented");
            assertThat(condition(query(crone, room, "e6", null, false, "start", "yesterday").iq())).isEqualTo("bad-request");
            // a query that matches nothing is a success (§4.1)
            Answer empty = query(crone, room, "e7", null, false, "with", room + "/nobody");
            assertThat(empty.iq().attribute("type")).isEqualTo("result");
            assertThat(empty.ids()).isEmpty();
            assertThat(empty.complete()).isTrue();
        }
    }

    @Test
    void onlyThoseWhoMayEnterMayRead_6_1_2() throws Exception {
        String open = "agora@conference.localhost";
        String closed = "cabal@conference.localhost";
        try (RawClient crone = client(); RawClient stranger = client()) {
            persistentRoom(crone, open, "firstwitch");
            List<String> said = say(crone, open, "public", 2);
            persistentRoom(crone, closed, "firstwitch", "muc#roomconfig_membersonly", "1");
            say(crone, closed, "secret", 2);
            // an open public room's archive is open to non-occupants; a members-only room's only to its members
            assertThat(query(stranger, open, "s1", null, false).ids()).isEqualTo(said);
            assertThat(condition(query(stranger, closed, "s2", null, false).iq())).isEqualTo("forbidden");
            // in a semi-anonymous room a visitor may not filter by real JID (§4.1.1), nor see them
            assertThat(condition(query(stranger, open, "s3", null, false, "with", "someone@localhost").iq())).isEqualTo("forbidden");
            assertThat(query(stranger, open, "s4", null, false).messages().get(0).child("x", "http://jabber.org/protocol/muc#user")).isNull();
            // the owner sees who said it
            Element item = query(crone, open, "s5", null, false).messages().get(0).child("x", "http://jabber.org/protocol/muc#user").child("item",
                    "http://jabber.org/protocol/muc#user");
            assertThat(item.attribute("jid")).as("§6.1.2: the sender's real JID").contains("@localhost/");
            // §4.1.1: who may see real JIDs may filter by one (the bare JID matches every resource)
            String bare = item.attribute("jid").substring(0, item.attribute("jid").indexOf('/'));
            assertThat(query(crone, open, "s6", null, false, "with", bare).ids()).isEqualTo(said);
            assertThat(query(crone, open, "s7", null, false, "with", "nobody@localhost").ids()).isEmpty();
        }
    }

    @Test
    void catchingUpThroughTheArchiveGivesExactlyWhatTheHistoryWould_equivalence() throws Exception {
        String room = "chronicle@conference.localhost";
        try (RawClient crone = client(); RawClient hag = client(); RawClient phone = client(); RawClient laptop = client()) {
            persistentRoom(crone, room, "firstwitch");
            enter(hag, room, "oldhag");
            hag.nextNamed("message");
            crone.nextNamed("presence");
            List<String> ids = say(crone, room, "said", 30);
            for (int i = 0; i < 30; i++) hag.nextNamed("message");
            // body-less messages a client needs later: a reaction (XEP-0444) and a retraction (XEP-0424) of its own
            hag.send("<message to='" + room + "' type='groupchat' id='react-1'><reactions xmlns='urn:xmpp:reactions:0' id='" + ids.get(3)
                    + "'><reaction>👍</reaction></reactions></message>");
            hag.nextNamed("message");
            crone.nextNamed("message");
            crone.send("<message to='" + room + "' type='groupchat' id='retract-1'><retract xmlns='" + RETRACT + "' id='" + ids.get(29) + "'/></message>");
            crone.nextNamed("message");
            hag.nextNamed("message");

            // the history a newcomer gets: the last 20
            laptop.send("<presence to='" + room + "/laptop'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='20'/></x></presence>");
            List<String> history = new ArrayList<>();
            List<String> historyKinds = new ArrayList<>();
            while (true) {
                Element e = laptop.nextElement();
                if (e.name().equals("message") && e.child("subject", "jabber:client") != null) break; // §7.2.15: the subject ends it
                if (e.name().equals("message")) {
                    history.add(e.child("stanza-id", SID).attribute("id"));
                    historyKinds.add(kind(e));
                }
            }
            // one that asks for none and catches up through the archive instead
            phone.send("<presence to='" + room + "/phone'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>");
            Element e;
            while (!((e = phone.nextElement()).name().equals("message") && e.child("subject", "jabber:client") != null)) {
                assertThat(e.name()).as("no history").isNotEqualTo("message");
            }
            Answer caughtUp = query(phone, room, "catch-up", "<max>20</max><before/>", false);
            assertThat(caughtUp.ids()).as("the same ids, in the same order").isEqualTo(history);
            assertThat(caughtUp.messages().stream().map(ArchiveContract::kind).toList()).isEqualTo(historyKinds);
            assertThat(historyKinds).contains("reaction", "retraction", "tombstone");
        }
    }

    /** What a history or archive message is: a tombstone, a retraction, a reaction or a message with a body. */
    static String kind(Element m) {
        if (m.child("retracted", RETRACT) != null) return "tombstone";
        if (m.child("retract", RETRACT) != null) return "retraction";
        if (m.child("reactions", "urn:xmpp:reactions:0") != null) return "reaction";
        return "body";
    }

    @Test
    void aModeratorRetractsAMessageOlderThanTheHistoryAndTheArchiveKeepsItsTombstone_XEP0425_4() throws Exception {
        String room = "heathlog@conference.localhost";
        try (RawClient crone = client(); RawClient hag = client()) {
            persistentRoom(crone, room, "firstwitch");
            enter(hag, room, "oldhag");
            hag.nextNamed("message");
            crone.nextNamed("presence");
            List<String> spam = say(hag, room, "potions", 1);
            crone.nextNamed("message");
            say(crone, room, "later", RoomState.HISTORY_LIMIT + 5); // the spam is out of the history now
            for (int i = 0; i < RoomState.HISTORY_LIMIT + 5; i++) hag.nextNamed("message");

            crone.send(ModerationTest.moderate("m1", spam.get(0), "spam").replace(ModerationTest.ROOM, room));
            Element retraction = crone.nextNamed("message");
            assertThat(retraction.child("retract", RETRACT).attribute("id")).isEqualTo(spam.get(0));
            assertThat(crone.answerTo("m1").attribute("type")).isEqualTo("result");

            Answer tomb = query(crone, room, "tomb", null, false, "ids", spam.get(0));
            Element stone = tomb.messages().get(0);
            assertThat(stone.child("body", "jabber:client")).isNull();
            assertThat(stone.toString()).doesNotContain("potions 0");
            assertThat(stone.child("retracted", RETRACT).child("moderated", "urn:xmpp:message-moderate:1").attribute("by")).isEqualTo(room + "/firstwitch");
            // the retraction itself is archived last (XEP-0424 §5: clients that were away learn of it)
            Answer last = query(crone, room, "last", "<max>1</max><before/>", false);
            assertThat(last.messages().get(0).child("retract", RETRACT).attribute("id")).isEqualTo(spam.get(0));
            crone.send(ModerationTest.moderate("m2", spam.get(0), null).replace(ModerationTest.ROOM, room));
            assertThat(condition(crone.answerTo("m2"))).as("retracted already").isEqualTo("item-not-found");
        }
    }

    @Test
    void aDestroyedRoomsArchiveGoesWithIt() throws Exception {
        String room = "ashes@conference.localhost";
        try (RawClient crone = client()) {
            persistentRoom(crone, room, "firstwitch");
            say(crone, room, "burnt", 3);
            crone.send("<iq type='set' id='destroy' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query></iq>");
            assertThat(crone.answerTo("destroy").attribute("type")).isEqualTo("result");
            persistentRoom(crone, room, "firstwitch");
            Answer fresh = query(crone, room, "after", null, false);
            assertThat(fresh.ids()).isEmpty();
        }
    }

    @Test
    void aRoomStartedAgainArchivesWhatTheArchiveMissed() throws Exception {
        String room = "mended@conference.localhost";
        List<String> said;
        try (RawClient crone = client()) {
            persistentRoom(crone, room, "firstwitch");
            said = say(crone, room, "kept", 5);
            query(crone, room, "written", null, false); // the archive has them (a query waits for what was handed over)
        }
        // as if the node had been lost between the journal and the archive
        try (java.sql.Connection c = database(); java.sql.PreparedStatement p = c.prepareStatement("DELETE FROM muc_archive WHERE room = ? AND position > 2")) {
            p.setString(1, room);
            assertThat(p.executeUpdate()).isEqualTo(3);
        }
        fixture().restart();
        try (RawClient crone = client()) {
            assertThat(query(crone, room, "mended", null, false).ids()).isEqualTo(said);
        }
    }
}
