package dev.parley.server.room;

import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static dev.parley.server.room.BusinessRulesTest.condition;
import static dev.parley.server.room.BusinessRulesTest.create;
import static dev.parley.server.room.BusinessRulesTest.enter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.room.feature.MessageRate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flooding occupant (feature/MessageRate): past its burst its messages are refused at once with
 * resource-constraint, the others receive only what was accepted and nothing of theirs waits; moderators are
 * not limited; an owner sets another rate for the room.
 */
class MessageRateTest {
    static NodeFixture fixture;
    static final String ROOM = "heath@conference.localhost";

    @BeforeAll
    static void start() throws Exception {
        // three at once, then one every ten seconds: a test of a few seconds sees no refill
        fixture = NodeFixture.forRawClients(Map.of("parley.muc.occupant-message-burst", 3, "parley.muc.occupant-message-rate", 6));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    static void say(RawClient c, String id) throws Exception {
        c.send("<message to='" + ROOM + "' type='groupchat' id='" + id + "'><body>" + id + "</body></message>");
    }

    @Test
    void aFloodIsRefusedPastTheBurstAndNobodyElseWaits() throws Exception {
        try (RawClient crone = new RawClient(fixture.node.c2sPort()); RawClient wicca = new RawClient(fixture.node.c2sPort())) {
            anonymousLogin(crone);
            anonymousLogin(wicca);
            create(crone, ROOM, "firstwitch");
            enter(wicca, ROOM, "secondwitch");
            wicca.nextNamed("message"); // the subject
            crone.nextNamed("presence");

            for (int i = 1; i <= 5; i++) say(wicca, "w" + i);
            wicca.send("<message to='" + ROOM + "/firstwitch' type='chat' id='pm'><body>psst</body></message>");
            // refusals go out at once, reflections once the messages are written: read them by id
            java.util.List<String> reflected = new java.util.ArrayList<>();
            java.util.List<String> refusedIds = new java.util.ArrayList<>();
            for (int n = 0; n < 6; n++) {
                Element e = wicca.nextElement();
                if ("groupchat".equals(e.attribute("type"))) {
                    reflected.add(e.attribute("id"));
                    continue;
                }
                assertThat(e.attribute("type")).isEqualTo("error");
                assertThat(condition(e)).isEqualTo("resource-constraint");
                Element error = e.child("error", "jabber:client");
                assertThat(error.attribute("type")).isEqualTo("wait");
                assertThat(error.childText("text", BusinessRulesTest.STANZAS)).isEqualTo(MessageRate.TEXT);
                refusedIds.add(e.attribute("id"));
            }
            assertThat(reflected).containsExactly("w1", "w2", "w3");
            assertThat(refusedIds).containsExactly("w4", "w5", "pm");

            // the moderator is not limited; what the others receive is what was accepted, and theirs follows at once
            for (int i = 1; i <= 3; i++) assertThat(crone.nextElement().attribute("id")).isEqualTo("w" + i);
            for (int i = 1; i <= 6; i++) say(crone, "c" + i);
            for (int i = 1; i <= 6; i++) {
                assertThat(crone.nextElement().attribute("id")).isEqualTo("c" + i);
                assertThat(wicca.nextElement().attribute("id")).isEqualTo("c" + i);
            }
        }
    }

    @Test
    void anOwnerSetsTheRoomsOwnRate() throws Exception {
        try (RawClient crone = new RawClient(fixture.node.c2sPort())) {
            anonymousLogin(crone);
            crone.send("<presence to='forres@conference.localhost/firstwitch'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            crone.nextNamed("presence");
            crone.send("<iq type='set' id='neg' to='forres@conference.localhost'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                    + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                    + "<field var='" + MessageRate.FIELD + "'><value>-1</value></field></x></query></iq>");
            assertThat(condition(crone.answerTo("neg"))).isEqualTo("not-acceptable"); // §10.1.3, Example 161
        }
        try (RawClient crone = new RawClient(fixture.node.c2sPort()); RawClient wicca = new RawClient(fixture.node.c2sPort())) {
            anonymousLogin(crone);
            anonymousLogin(wicca);
            // 6,000 a minute: a hundred a second, the burst (3) back within 30 ms
            create(crone, "cawdor@conference.localhost", "firstwitch", MessageRate.FIELD, "6000");
            enter(wicca, "cawdor@conference.localhost", "secondwitch");
            wicca.nextNamed("message");
            for (int round = 0; round < 3; round++) {
                for (int i = 1; i <= 3; i++) {
                    wicca.send("<message to='cawdor@conference.localhost' type='groupchat' id='r" + round + i + "'><body>x</body></message>");
                }
                for (int i = 1; i <= 3; i++) assertThat(wicca.nextElement().attribute("type")).isEqualTo("groupchat");
                Thread.sleep(100); // refilled: a hundred a second
            }
        }
    }
}
