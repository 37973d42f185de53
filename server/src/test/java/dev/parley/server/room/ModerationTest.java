package dev.parley.server.room;

import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static dev.parley.server.room.BusinessRulesTest.condition;
import static dev.parley.server.room.BusinessRulesTest.create;
import static dev.parley.server.room.BusinessRulesTest.enter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Moderated message retraction (XEP-0425 v0.3) on the wire: who may, what everyone receives, what the history keeps. */
class ModerationTest {
    static NodeFixture fixture;
    static final String ROOM = "heath@conference.localhost";
    static final String MODERATE = "urn:xmpp:message-moderate:1";
    static final String RETRACT = "urn:xmpp:message-retract:1";

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static String moderate(String id, String stanzaId, String reason) {
        return "<iq type='set' id='" + id + "' to='" + ROOM + "'><moderate id='" + stanzaId + "' xmlns='" + MODERATE + "'>"
                + "<retract xmlns='" + RETRACT + "'/>" + (reason == null ? "" : "<reason>" + reason + "</reason>") + "</moderate></iq>";
    }

    @Test
    void aModeratorRetractsAMessageForEveryoneAndTheHistoryKeepsATombstone_3_and_4() throws Exception {
        try (RawClient crone = new RawClient(fixture.node.c2sPort()); RawClient hag = new RawClient(fixture.node.c2sPort());
                RawClient wicca = new RawClient(fixture.node.c2sPort())) {
            anonymousLogin(crone);
            anonymousLogin(hag);
            anonymousLogin(wicca);
            create(crone, ROOM, "firstwitch");
            enter(hag, ROOM, "oldhag");
            hag.nextNamed("message"); // subject
            crone.nextNamed("presence");

            // §2: the room says it supports it
            crone.send("<iq type='get' id='info' to='" + ROOM + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
            assertThat(crone.answerTo("info").child("query", "http://jabber.org/protocol/disco#info").elements())
                    .extracting(e -> e.attribute("var")).contains(MODERATE);

            hag.send("<message to='" + ROOM + "' type='groupchat' id='inappropriate-1'><body>DM me for free magic potions!</body></message>");
            Element spam = crone.nextNamed("message");
            String stanzaId = spam.child("stanza-id", "urn:xmpp:sid:0").attribute("id");
            hag.nextNamed("message");

            // only moderators (§3.2); an unknown id is not found
            hag.send(moderate("nope", stanzaId, null));
            assertThat(condition(hag.answerTo("nope"))).isEqualTo("forbidden");
            crone.send(moderate("unknown", "no-such-id", null));
            assertThat(condition(crone.answerTo("unknown"))).isEqualTo("item-not-found");

            crone.send(moderate("r1", stanzaId, "inappropriate"));
            for (RawClient c : new RawClient[] {crone, hag}) {
                Element retraction = c.nextNamed("message");
                assertThat(retraction.attribute("from")).isEqualTo(ROOM);
                assertThat(retraction.attribute("type")).isEqualTo("groupchat");
                Element retract = retraction.child("retract", RETRACT);
                assertThat(retract.attribute("id")).isEqualTo(stanzaId);
                Element moderated = retract.child("moderated", MODERATE);
                assertThat(moderated.attribute("by")).isEqualTo(ROOM + "/firstwitch");
                assertThat(moderated.child("occupant-id", "urn:xmpp:occupant-id:0")).as("the moderator's occupant id").isNotNull();
                assertThat(retract.childText("reason", RETRACT)).isEqualTo("inappropriate");
            }
            assertThat(crone.answerTo("r1").attribute("type")).isEqualTo("result");
            crone.send(moderate("again", stanzaId, null));
            assertThat(condition(crone.answerTo("again"))).as("retracted already").isEqualTo("item-not-found");

            // a newcomer's history has the tombstone in its place: no body, <retracted/> with <moderated/> (§4)
            enter(wicca, ROOM, "secondwitch");
            Element tombstone = wicca.nextNamed("message");
            assertThat(tombstone.attribute("from")).isEqualTo(ROOM + "/oldhag");
            assertThat(tombstone.child("body", "jabber:client")).isNull();
            assertThat(tombstone.toString()).doesNotContain("potions");
            assertThat(tombstone.child("stanza-id", "urn:xmpp:sid:0").attribute("id")).isEqualTo(stanzaId);
            Element retracted = tombstone.child("retracted", RETRACT);
            assertThat(retracted.attribute("stamp")).isNotNull();
            assertThat(retracted.child("moderated", MODERATE).attribute("by")).isEqualTo(ROOM + "/firstwitch");
            assertThat(retracted.childText("reason", RETRACT)).isEqualTo("inappropriate");
        }
    }

    @Test
    void aSenderRetractsItsOwnMessageAndOnlyItsOwn_XEP0424() throws Exception {
        String room = "forres@conference.localhost";
        try (RawClient crone = new RawClient(fixture.node.c2sPort()); RawClient hag = new RawClient(fixture.node.c2sPort());
                RawClient wicca = new RawClient(fixture.node.c2sPort())) {
            anonymousLogin(crone);
            anonymousLogin(hag);
            anonymousLogin(wicca);
            create(crone, room, "firstwitch");
            enter(hag, room, "oldhag");
            hag.nextNamed("message");
            crone.nextNamed("presence");

            hag.send("<message to='" + room + "' type='groupchat' id='wrong-1'><body>meet at the wrong heath</body></message>");
            String wrong = hag.nextNamed("message").child("stanza-id", "urn:xmpp:sid:0").attribute("id");
            crone.nextNamed("message");
            crone.send("<message to='" + room + "' type='groupchat' id='keep-1'><body>When the hurlyburly's done</body></message>");
            String crones = crone.nextNamed("message").child("stanza-id", "urn:xmpp:sid:0").attribute("id");
            hag.nextNamed("message");

            // §3: the sender's retraction, with its fallback body, is relayed like any message
            hag.send("<message to='" + room + "' type='groupchat' id='retract-1'><retract id='" + wrong + "' xmlns='" + RETRACT + "'/>"
                    + "<fallback xmlns='urn:xmpp:fallback:0' for='" + RETRACT + "'/><body>/me retracted a previous message</body></message>");
            assertThat(crone.nextNamed("message").child("retract", RETRACT).attribute("id")).isEqualTo(wrong);
            hag.nextNamed("message");
            // someone else's message is not the sender's to retract: relayed (clients check the occupant id), the history unchanged
            hag.send("<message to='" + room + "' type='groupchat' id='retract-2'><retract id='" + crones + "' xmlns='" + RETRACT + "'/></message>");
            crone.nextNamed("message");
            hag.nextNamed("message");

            // a reaction (XEP-0444) and a correction (XEP-0308) pass through as they were sent
            hag.send("<message to='" + room + "' type='groupchat' id='react-1'><reactions id='" + crones + "' xmlns='urn:xmpp:reactions:0'>"
                    + "<reaction>\uD83D\uDC4D</reaction></reactions><store xmlns='urn:xmpp:hints'/></message>");
            Element reaction = crone.nextNamed("message");
            assertThat(reaction.child("reactions", "urn:xmpp:reactions:0").attribute("id")).isEqualTo(crones);
            assertThat(reaction.child("reactions", "urn:xmpp:reactions:0").childText("reaction", "urn:xmpp:reactions:0")).isEqualTo("\uD83D\uDC4D");
            hag.nextNamed("message");
            crone.send("<message to='" + room + "' type='groupchat' id='fix-1'><body>When the hurlyburly's done,</body>"
                    + "<replace id='keep-1' xmlns='urn:xmpp:message-correct:0'/></message>");
            assertThat(hag.nextNamed("message").child("replace", "urn:xmpp:message-correct:0").attribute("id")).isEqualTo("keep-1");
            crone.nextNamed("message");

            enter(wicca, room, "secondwitch");
            Element tombstone = wicca.nextNamed("message");
            assertThat(tombstone.child("stanza-id", "urn:xmpp:sid:0").attribute("id")).isEqualTo(wrong);
            assertThat(tombstone.child("body", "jabber:client")).isNull();
            assertThat(tombstone.child("retracted", RETRACT).attribute("id")).as("§4: the retraction's id").isEqualTo("retract-1");
            assertThat(wicca.nextNamed("message").childText("body", "jabber:client")).isEqualTo("When the hurlyburly's done");
            assertThat(wicca.nextNamed("message").child("retract", RETRACT)).as("the retraction is kept too (§5)").isNotNull();
            assertThat(wicca.nextNamed("message").attribute("id")).isEqualTo("retract-2");
            assertThat(wicca.nextNamed("message").child("reactions", "urn:xmpp:reactions:0")).as("the reaction, kept in order (body-less)").isNotNull();
            assertThat(wicca.nextNamed("message").attribute("id")).as("the correction, in its place in the history").isEqualTo("fix-1");
        }
    }
}
