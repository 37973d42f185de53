package dev.parley.server.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.storage.Schema;
import dev.parley.server.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The archive's queries cost what a page costs, not what the archive holds: each is answered by reading an index in
 * order, never by sorting a room's messages (the cause of "the last page of a million messages in milliseconds";
 * the numbers themselves are in docs/archive.md). Checked on H2's plans, the back end that needs the ORDER BY spelt
 * out (PostgreSQL reads the same indexes in order either way).
 */
class ArchivePlansTest {
    static String plan(Connection c, String sql, List<Object> args) throws Exception {
        try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
            int i = 1;
            for (Object a : args) {
                if (a instanceof Long l) p.setLong(i++, l);
                else if (a instanceof Integer n) p.setInt(i++, n);
                else p.setString(i++, (String) a);
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    @Test
    void everyPageIsReadFromAnIndexInOrder() throws Exception {
        Path dir = Files.createTempDirectory("parley-plans");
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + dir.resolve("journal"));
        db.setUser("parley");
        Schema.migrate(db, Storage.Type.H2, Schema.Component.JOURNAL);
        try (Connection c = db.getConnection()) {
            String room = "annals@conference.localhost";
            long[] all = {0, Long.MAX_VALUE};
            long[] range = {100, 5000};
            for (boolean fromEnd : new boolean[] {false, true}) {
                for (ArchiveStore.Selection s : List.of(ArchiveStore.Selection.ALL,
                        new ArchiveStore.Selection(0, Long.MAX_VALUE, null, null, "oldhag", null, List.of()),
                        new ArchiveStore.Selection(0, Long.MAX_VALUE, null, null, null, "hag66@shakespeare.lit", List.of()))) {
                    for (long[] bounds : new long[][] {all, range}) {
                        List<Object> args = new ArrayList<>();
                        String sql = ArchiveStore.pageSql(room, s, bounds, fromEnd, args);
                        args.add(50);
                        assertThat(plan(c, sql, args)).as(sql).contains("/* index sorted */");
                    }
                }
            }
            for (String edge : new String[] {ArchiveStore.LAST_POSITION, ArchiveStore.FIRST_AT, ArchiveStore.LAST_AT}) {
                List<Object> args = new ArrayList<>(List.of(room));
                if (edge.contains("stamp")) args.add(Instant.now().toEpochMilli());
                assertThat(plan(c, edge, args)).as(edge).contains("/* index sorted */");
            }
            // an id is found through (room, stanza_id), both columns
            String byId = plan(c, "SELECT position FROM muc_archive WHERE room = ? AND stanza_id = ?", List.of(room, "x"));
            assertThat(byId).contains("MUC_ARCHIVE_STANZA_ID").contains("STANZA_ID = ?");
        }
    }
}
