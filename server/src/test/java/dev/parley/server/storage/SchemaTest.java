package dev.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's schema on H2: versions applied once, in order, and an existing journal upgraded with its events intact. */
class SchemaTest {
    @TempDir
    Path dir;

    @Test
    void aJournalWrittenWithLobPayloadsKeepsItsEventsWhenTheyMoveIntoTheRows() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("journal");
        byte[] payload = new byte[70_000]; // larger than any page: a LOB spread over several blocks before
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 31);
        try (Connection c = DriverManager.getConnection(url, "parley", "")) {
            // the journal as version 1 left it
            try (Statement s = c.createStatement()) {
                for (String sql : Schema.statements(Schema.read("db/h2/journal/V1__journal.sql"))) s.execute(sql);
                s.execute("CREATE TABLE parley_schema (component VARCHAR(64) NOT NULL, version INT NOT NULL, script VARCHAR(255) NOT NULL, "
                        + "applied TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (component, version))");
                s.execute("INSERT INTO parley_schema (component, version, script) VALUES ('journal', 1, 'V1__journal.sql')");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\", "
                    + "\"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, 'w', 0, '', ?, 1, 'm')")) {
                p.setString(1, "Room|coven@conference.localhost");
                p.setLong(2, 1);
                p.setBytes(3, payload);
                p.executeUpdate();
            }
        }
        org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
        ds.setURL(url);
        ds.setUser("parley");
        Schema.migrate(ds, Storage.Type.H2, Schema.Component.JOURNAL);
        Schema.migrate(ds, Storage.Type.H2, Schema.Component.JOURNAL); // again: nothing to do
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT version FROM parley_schema WHERE component = 'journal' ORDER BY version")) {
                assertThat(r.next() && r.getInt(1) == 1 && r.next() && r.getInt(1) == 2 && r.next() && r.getInt(1) == 3 && !r.next()).isTrue();
            }
            try (ResultSet r = s.executeQuery("SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'event_journal' AND COLUMN_NAME = 'event_payload'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).as("in the row, not a LOB").isEqualTo("BINARY VARYING");
            }
            try (ResultSet r = s.executeQuery("SELECT \"event_payload\" FROM \"event_journal\" WHERE \"sequence_number\" = 1")) {
                assertThat(r.next()).isTrue();
                assertThat(Arrays.equals(r.getBytes(1), payload)).as("the event, byte for byte").isTrue();
            }
        }
        assertThat(Files.exists(dir.resolve("journal.mv.db"))).isTrue();
    }
}
