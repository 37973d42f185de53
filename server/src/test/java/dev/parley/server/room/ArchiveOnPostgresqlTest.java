package dev.parley.server.room;

import dev.parley.server.NodeFixture;
import dev.parley.server.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The archive's tests on PostgreSQL, a cluster's storage (a server of the tests' own, see PostgresFixture). */
class ArchiveOnPostgresqlTest extends ArchiveContract {
    static NodeFixture fixture;
    static Map<String, Object> storage;

    @BeforeAll
    static void start() throws Exception {
        storage = PostgresFixture.storage("archive_test");
        fixture = NodeFixture.forRawClients(storage);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Override
    NodeFixture fixture() {
        return fixture;
    }

    @Override
    Connection database() throws Exception {
        return DriverManager.getConnection((String) storage.get("parley.storage.postgresql.url"), "parley", "");
    }

    /** The contract's tests run where they say: the node's archive table is in PostgreSQL. */
    @Test
    void theArchiveIsInPostgresql() throws Exception {
        try (Connection c = database(); var tables = c.getMetaData().getTables(null, null, "%", null)) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            boolean found = false;
            while (tables.next()) found |= tables.getString("TABLE_NAME").equalsIgnoreCase("muc_archive");
            assertThat(found).as("muc_archive, made by the journal's schema V3").isTrue();
        }
    }
}
