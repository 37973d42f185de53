package dev.parley.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.protocol.stream.StreamEvent;
import dev.parley.protocol.xml.Element;
import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import dev.parley.server.RawMuc;
import dev.parley.server.StreamHardeningTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A room flooded while it writes, on the embedded H2 journal with its default page cache: what arrives while a batch
 * is written gathers into the next batch, thousands of messages. Written as one event, such a batch was a row of
 * many MB, and H2 failed to read a page over 1 MB back from a chunk it had not finished writing: the room's next
 * insert threw "Reading from file ... failed", the room stopped, and the messages of the failed batch were never
 * reflected (docs/footprint.md, thirteenth pass). A batch is now written as events of bounded size. Every message is
 * answered: reflected in order, or refused while the room could not hold it.
 */
class RoomFloodTest {
    static final int MESSAGES = 10_000;

    @Test
    void aRoomFloodedWhileItWritesAnswersEveryMessageAndWritesNoLargeRow() throws Exception {
        try (NodeFixture fixture = new NodeFixture(Map.of(
                "parley.c2s.allow-plaintext-on-loopback", true,
                "parley.c2s.allow-anonymous", true,
                "parley.c2s.max-inbound-bytes-per-second", 100_000_000,
                "parley.muc.occupant-message-rate", 0))) {
            String room = "talkative@conference.localhost";
            List<Integer> reflected = new CopyOnWriteArrayList<>();
            List<Element> refused = new CopyOnWriteArrayList<>();
            try (RawClient talker = new RawClient(fixture.node.c2sPort())) {
                StreamHardeningTest.anonymousLogin(talker);
                RawMuc.createInstantRoom(talker, room, "talker");
                Thread reader = new Thread(() -> {
                    try {
                        while (true) {
                            if (talker.next() instanceof StreamEvent.ElementReceived e && e.element().name().equals("message")
                                    && e.element().attribute("id") != null && e.element().attribute("id").startsWith("f")) {
                                Element m = e.element();
                                if ("error".equals(m.attribute("type"))) {
                                    refused.add(m);
                                } else {
                                    String body = m.childText("body", "jabber:client");
                                    reflected.add(Integer.parseInt(body.substring(0, body.indexOf(' '))));
                                }
                            }
                        }
                    } catch (Exception closed) {
                        // the test is over
                    }
                });
                reader.setDaemon(true);
                reader.start();
                String filler = "x".repeat(2_000);
                for (int i = 0; i < MESSAGES; i++) {
                    talker.send("<message to='" + room + "' type='groupchat' id='f" + i + "'><body>" + i + " " + filler + "</body></message>");
                }
                // §7.4: each reflected to its sender, in the order the room took them; what the room could not hold
                // while it wrote (its stash, StashOverflowTest) refused as resource-constraint, type wait
                await().atMost(Duration.ofSeconds(60)).until(() -> reflected.size() + refused.size() >= MESSAGES);
                assertThat(reflected.size() + refused.size()).isEqualTo(MESSAGES);
                for (Element e : refused) {
                    Element error = e.child("error", "jabber:client");
                    assertThat(error.attribute("type")).as("%s", e).isEqualTo("wait");
                    assertThat(error.child("resource-constraint", "urn:ietf:params:xml:ns:xmpp-stanzas")).as("%s", e).isNotNull();
                }
                assertThat(reflected).isNotEmpty().isSorted();
            }
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + fixture.dataDir.toAbsolutePath().resolve("journal"), "parley", "");
                 PreparedStatement q = c.prepareStatement("SELECT COUNT(*), MAX(OCTET_LENGTH(\"event_payload\")) FROM \"event_journal\" WHERE \"persistence_id\" = ?")) {
                q.setString(1, "Room|" + room);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("events written").isGreaterThan(reflected.size() * 2_000L / MessageLog.MAX_EVENT_CHARS);
                    // a part's XML, and what the event adds to each message (its time, its sender)
                    assertThat(rs.getLong(2)).as("the largest event's bytes").isLessThanOrEqualTo(MessageLog.MAX_EVENT_CHARS + 32 * 1024L);
                }
            }
        }
    }
}
