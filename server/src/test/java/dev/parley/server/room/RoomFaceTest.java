package dev.parley.server.room;

import static dev.parley.server.room.BusinessRulesTest.condition;
import static dev.parley.server.room.BusinessRulesTest.enter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.muc.MucUser;
import dev.parley.protocol.muc.Status;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a room presents itself and its occupants beyond XEP-0045: hats (XEP-0317) and the room's avatar (XEP-0486). */
class RoomFaceTest {
    static NodeFixture fixture;
    static final String COMMANDS = "http://jabber.org/protocol/commands";
    static final String HATS = "urn:xmpp:hats:0";
    static final String ROOMINFO = "http://jabber.org/protocol/muc#roominfo";

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of());
        for (String u : List.of("professor", "student", "visitor")) fixture.addUser(u, u + "-pass");
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

    static String command(String room, String id, String node, String... fields) {
        StringBuilder x = new StringBuilder();
        if (fields.length > 0) {
            x.append("<x xmlns='jabber:x:data' type='submit'><field type='hidden' var='FORM_TYPE'><value>urn:xmpp:hats:commands</value></field>");
            for (int i = 0; i < fields.length; i += 2) x.append("<field var='").append(fields[i]).append("'><value>").append(fields[i + 1]).append("</value></field>");
            x.append("</x>");
        }
        return "<iq type='set' id='" + id + "' to='" + room + "'><command xmlns='" + COMMANDS + "' action='execute' node='urn:xmpp:hats:commands:" + node + "'>"
                + x + "</command></iq>";
    }

    static Element presenceFrom(RawClient c, String from) throws Exception {
        while (true) {
            Element p = c.nextNamed("presence");
            if (from.equals(p.attribute("from"))) return p;
        }
    }

    static Element roominfo(RawClient c, String room, String id) throws Exception {
        c.send("<iq type='get' id='" + id + "' to='" + room + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        Element q = c.answerTo(id).child("query", "http://jabber.org/protocol/disco#info");
        return q;
    }

    static List<String> field(Element info, String var) {
        for (Element x : info.children("x", "jabber:x:data")) {
            for (Element f : x.children("field", "jabber:x:data")) {
                if (var.equals(f.attribute("var"))) return f.children("value", "jabber:x:data").stream().map(Element::text).toList();
            }
        }
        return List.of();
    }

    @Test
    void ownersAndAdminsGiveHatsAndPresenceShowsThem_XEP0317() throws Exception {
        String room = "physicsforpoets@conference.localhost";
        try (RawClient professor = login("professor"); RawClient student = login("student")) {
            BusinessRulesTest.create(professor, room, "prof");
            enter(student, room, "terry");
            student.nextNamed("message");
            presenceFrom(professor, room + "/terry");
            assertThat(roominfo(professor, room, "i0").children("feature", "http://jabber.org/protocol/disco#info"))
                    .extracting(f -> f.attribute("var")).contains(HATS, COMMANDS); // §2

            // §3.2: executing without a form gives the form; with it, the hat exists and occupants are told (104)
            professor.send(command(room, "c0", "create"));
            Element form = professor.answerTo("c0").child("command", COMMANDS);
            assertThat(form.attribute("status")).isEqualTo("executing");
            assertThat(form.child("x", "jabber:x:data").toString()).contains("hats#title", "hats#uri");
            professor.send(command(room, "c1", "create", "hats#title", "Assistant", "hats#uri", "http://tech.example.edu/hats#TeacherAssistant",
                    "hats#hue", "327.255249"));
            assertThat(professor.answerTo("c1").child("command", COMMANDS).attribute("status")).isEqualTo("completed");
            Element notice = student.nextNamed("message");
            assertThat(MucUser.fromParent(notice).hasStatus(Status.CONFIGURATION_CHANGED_104)).isTrue();
            assertThat(field(roominfo(student, room, "i1"), "hats#hash")).hasSize(1);

            // a hue is an angle (§3.2)
            professor.send(command(room, "c1b", "create", "hats#title", "Odd", "hats#uri", "urn:odd", "hats#hue", "purple"));
            assertThat(condition(professor.answerTo("c1b"))).isEqualTo("bad-request");
            // only owners and admins
            student.send(command(room, "c2", "assign", "hats#jid", "student@localhost", "hats#uri", "http://tech.example.edu/hats#TeacherAssistant"));
            assertThat(condition(student.answerTo("c2"))).isEqualTo("forbidden");
            professor.send(command(room, "c3", "assign", "hats#jid", "student@localhost", "hats#uri", "urn:no-such-hat"));
            assertThat(condition(professor.answerTo("c3"))).isEqualTo("item-not-found");

            // §3.5 and §3.1: assigned, and the wearer's presence shows it to everyone
            professor.send(command(room, "c4", "assign", "hats#jid", "student@localhost", "hats#uri", "http://tech.example.edu/hats#TeacherAssistant"));
            assertThat(professor.answerTo("c4").child("command", COMMANDS).attribute("status")).isEqualTo("completed");
            Element seen = presenceFrom(professor, room + "/terry");
            Element hat = seen.child("hats", HATS).child("hat", HATS);
            assertThat(hat.attribute("uri")).isEqualTo("http://tech.example.edu/hats#TeacherAssistant");
            assertThat(hat.attribute("title")).isEqualTo("Assistant");
            assertThat(hat.attribute("hue")).isEqualTo("327.255249");
            assertThat(presenceFrom(student, room + "/terry").child("hats", HATS)).as("its own presence too").isNotNull();

            // §3.4, §3.7: the lists
            student.send(command(room, "c5", "list"));
            assertThat(student.answerTo("c5").toString()).contains("http://tech.example.edu/hats#TeacherAssistant");
            professor.send(command(room, "c6", "list-assigned"));
            assertThat(professor.answerTo("c6").toString()).contains("student@localhost");

            // a client cannot claim a hat itself
            student.send("<presence to='" + room + "/terry'><show>away</show><hats xmlns='" + HATS + "'><hat uri='urn:fake' title='Fake'/></hats></presence>");
            assertThat(presenceFrom(professor, room + "/terry").toString()).doesNotContain("urn:fake");

            // §3.3: destroying the hat takes it off its wearer
            professor.send(command(room, "c7", "destroy", "hats#uri", "http://tech.example.edu/hats#TeacherAssistant"));
            assertThat(professor.answerTo("c7").child("command", COMMANDS).attribute("status")).isEqualTo("completed");
            assertThat(presenceFrom(professor, room + "/terry").child("hats", HATS)).isNull();
        }
    }

    @Test
    void ownersSetTheRoomsAvatarAndAnyoneReadsIt_XEP0486() throws Exception {
        String room = "garden@conference.localhost";
        String png = "iVBORw0KGgoAAAANSUhEUgAAACAAAAAgAQMAAABJtOi3AAAAB3RJTUUH4ggVERoVAPsrMgAAAAlwSFlzAAALEgAACxIB0t1+/AAAABl0RVh0U29mdHdhcmUAd3d3Lmlua3NjYXBlLm9yZ5vuPBoAAAAEZ0FNQQAAsY8L/GEFAAAAIGNIUk0AAHomAACAhAAA+gAAAIDoAAB1MAAA6mAAADqYAAAXcJy6UTwAAAAGUExURf8AAP///0EdNBEAAAABYktHRAH/Ai3eAAAADElEQVQI12NgGNwAAACgAAFhJX1HAAAAAElFTkSuQmCC";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Base64.getDecoder().decode(png)));
        try (RawClient professor = login("professor"); RawClient student = login("student"); RawClient visitor = login("visitor")) {
            BusinessRulesTest.create(professor, room, "prof");
            enter(student, room, "terry");
            student.nextNamed("message");
            presenceFrom(professor, room + "/terry");
            // §3.1: the service and the room take a vCard
            assertThat(roominfo(visitor, room, "v0").children("feature", "http://jabber.org/protocol/disco#info"))
                    .extracting(f -> f.attribute("var")).contains("vcard-temp");
            assertThat(field(roominfo(visitor, room, "v1"), "muc#roominfo_avatarhash")).as("§4: none before one is set").isEmpty();

            String vcard = "<vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>" + png + "</BINVAL></PHOTO></vCard>";
            student.send("<iq type='set' id='s0' to='" + room + "'>" + vcard + "</iq>");
            assertThat(condition(student.answerTo("s0"))).isEqualTo("forbidden"); // §3.2, Example 6
            professor.send("<iq type='set' id='s1' to='" + room + "'>" + vcard + "</iq>");
            assertThat(professor.answerTo("s1").attribute("type")).isEqualTo("result");
            // occupants are told: 104, and the room's own presence with the hash (§5.2)
            assertThat(MucUser.fromParent(student.nextNamed("message")).hasStatus(Status.CONFIGURATION_CHANGED_104)).isTrue();
            Element roomPresence = presenceFrom(student, room);
            assertThat(roomPresence.child("x", "vcard-temp:x:update").childText("photo", "vcard-temp:x:update")).isEqualTo(hash);

            // §3.3, §3.4: anyone, in the room or not, finds the hash and reads the vCard
            assertThat(field(roominfo(visitor, room, "v2"), "muc#roominfo_avatarhash")).containsExactly(hash);
            visitor.send("<iq type='get' id='v3' to='" + room + "'><vCard xmlns='vcard-temp'/></iq>");
            Element got = visitor.answerTo("v3").child("vCard", "vcard-temp");
            assertThat(got.child("PHOTO", "vcard-temp").childText("BINVAL", "vcard-temp")).isEqualTo(png);

            // larger than parley.muc.avatar-max-bytes (64 KiB): refused
            String big = Base64.getEncoder().encodeToString(new byte[70_000]);
            professor.send("<iq type='set' id='s1b' to='" + room + "'><vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>" + big
                    + "</BINVAL></PHOTO></vCard></iq>");
            assertThat(condition(professor.answerTo("s1b"))).isEqualTo("not-acceptable");
            // not an image: refused; an empty vCard removes the avatar
            professor.send("<iq type='set' id='s2' to='" + room + "'><vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE><BINVAL>%%%</BINVAL></PHOTO></vCard></iq>");
            assertThat(condition(professor.answerTo("s2"))).isEqualTo("not-acceptable");
            professor.send("<iq type='set' id='s3' to='" + room + "'><vCard xmlns='vcard-temp'/></iq>");
            assertThat(professor.answerTo("s3").attribute("type")).isEqualTo("result");
            assertThat(field(roominfo(visitor, room, "v4"), "muc#roominfo_avatarhash")).isEmpty();
        }
    }
}
