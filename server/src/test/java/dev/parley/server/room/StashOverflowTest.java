package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.RawMuc;
import dev.parley.server.StreamHardeningTest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A room flooded while it writes: what it cannot hold (Pekko's stash, here 16 commands) is answered, never lost.
 * Every message of a burst comes back to its sender, reflected (taken) or as a {@code resource-constraint} error
 * (RFC 6120 §8.3.3.18, type wait); an entry made during the flood is made, and the room goes on afterwards: a write
 * it could not hold is made later. The room is kept writing for the whole burst ({@link GatedJournal}): whether a
 * burst overflows a room that writes for microseconds depends on the machine, and on a warm JVM it did not.
 */
class StashOverflowTest {
    static NodeFixture node;

    @BeforeAll
    static void start() throws Exception {
        node = new NodeFixture(Map.of(
                "parley.c2s.allow-plaintext-on-loopback", true,
                "parley.c2s.allow-anonymous", true,
                "parley.c2s.max-inbound-bytes-per-second", 100_000_000,
                "parley.muc.occupant-message-rate", 0,
                "pekko.persistence.typed.stash-capacity", 16,
                "parley-journal.class", GatedJournal.class.getName()));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void everyMessageOfAFloodIsTakenOrRefusedAndTheRoomGoesOn() throws Exception {
        String room = "flooded@conference.localhost";
        try (RawClient talker = new RawClient(node.node.c2sPort()); RawClient listener = new RawClient(node.node.c2sPort());
                RawClient latecomer = new RawClient(node.node.c2sPort())) {
            StreamHardeningTest.anonymousLogin(talker);
            StreamHardeningTest.anonymousLogin(listener);
            StreamHardeningTest.anonymousLogin(latecomer);
            RawMuc.createInstantRoom(talker, room, "talker");
            RawMuc.enter(listener, room, "listener");

            int n = 300;
            // the first message, and the room writes it until the gate opens
            GatedJournal.close();
            talker.send(line(room, 0));
            await().atMost(Duration.ofSeconds(20)).until(() -> GatedJournal.held() == 1);
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i < n; i++) burst.append(line(room, i));
            talker.send(burst.toString()); // in one write: they reach the room while it writes the first
            // an entry in the middle of the flood: a presence the room cannot hold is told to it again, not refused
            latecomer.send("<presence to='" + room + "/latecomer'><x xmlns='http://jabber.org/protocol/muc'/></presence>");

            Set<String> reflected = new HashSet<>();
            Set<String> refused = new HashSet<>();
            // what the stash cannot hold is refused while the room still writes (the stash holds 16, the latecomer's
            // entry perhaps one of them)
            while (refused.size() < n - 1 - 16) answer(talker.nextElement(), reflected, refused);
            assertThat(reflected).as("nothing is reflected before it is written").isEmpty();
            GatedJournal.open();
            while (reflected.size() + refused.size() < n) answer(talker.nextElement(), reflected, refused);
            assertThat(reflected).contains("m0");
            assertThat(reflected).doesNotContainAnyElementsOf(refused);

            // the room goes on: the next message is taken, and the listener heard exactly what was taken, once each
            talker.send("<message to='" + room + "' type='groupchat' id='after'><body>after the flood</body></message>");
            Set<String> heard = new HashSet<>();
            while (true) {
                Element e = listener.nextElement();
                if (!e.name().equals("message") || e.attribute("id") == null || e.child("body", "jabber:client") == null) continue; // the subject
                if (e.attribute("id").equals("after")) break;
                assertThat(heard.add(e.attribute("id"))).as("heard once: %s", e.attribute("id")).isTrue();
            }
            assertThat(heard).isEqualTo(reflected);
            Element self;
            do {
                self = latecomer.nextNamed("presence");
            } while (!(room + "/latecomer").equals(self.attribute("from")));
            assertThat(self.attribute("type")).as("the latecomer is in: %s", self).isNull();
        }
    }

    private static String line(String room, int i) {
        return "<message to='" + room + "' type='groupchat' id='m" + i + "'><body>line " + i + "</body></message>";
    }

    /** One stanza the talker got (RawClient.nextElement fails after 5 s of silence: a message neither taken nor refused). */
    private static void answer(Element e, Set<String> reflected, Set<String> refused) {
        if (!e.name().equals("message") || e.attribute("id") == null || !e.attribute("id").startsWith("m")) return;
        if ("error".equals(e.attribute("type"))) {
            Element error = e.child("error", "jabber:client");
            assertThat(error.attribute("type")).isEqualTo("wait");
            assertThat(error.child("resource-constraint", "urn:ietf:params:xml:ns:xmpp-stanzas")).isNotNull();
            assertThat(refused.add(e.attribute("id"))).as("refused once: %s", e.attribute("id")).isTrue();
        } else {
            assertThat(reflected.add(e.attribute("id"))).as("reflected once: %s", e.attribute("id")).isTrue();
        }
    }
}
