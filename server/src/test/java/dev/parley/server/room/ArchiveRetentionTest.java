package dev.parley.server.room;

import static dev.parley.server.StreamHardeningTest.anonymousLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.NodeFixture;
import dev.parley.server.RawClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code parley.muc.archive.retention}: messages older than it leave the archive, the oldest first (XEP-0313 §3.2:
 * no holes), and newer ones stay.
 */
class ArchiveRetentionTest {
    @Test
    void messagesOlderThanTheRetentionLeaveTheArchive_3_2() throws Exception {
        try (NodeFixture fixture = NodeFixture.forRawClients(Map.of("parley.muc.archive.retention", "1h", "parley.muc.archive.retention-check", "1s"));
                RawClient crone = new RawClient(fixture.node.c2sPort())) {
            anonymousLogin(crone);
            String room = "ephemera@conference.localhost";
            ArchiveContract.persistentRoom(crone, room, "firstwitch");
            List<String> said = ArchiveContract.say(crone, room, "line", 3);
            assertThat(ArchiveContract.query(crone, room, "q0", null, false).ids()).isEqualTo(said);
            // the first message as if it had been said two hours ago
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + fixture.dataDir.toAbsolutePath().resolve("journal"),
                    "parley", ""); PreparedStatement p = c.prepareStatement("UPDATE muc_archive SET stamp = ? WHERE room = ? AND stanza_id = ?")) {
                p.setLong(1, Instant.now().minus(Duration.ofHours(2)).toEpochMilli());
                p.setString(2, room);
                p.setString(3, said.get(0));
                assertThat(p.executeUpdate()).isEqualTo(1);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> ArchiveContract.query(crone, room, "q" + System.nanoTime(), null, false).ids().equals(said.subList(1, 3)));
        }
    }
}
