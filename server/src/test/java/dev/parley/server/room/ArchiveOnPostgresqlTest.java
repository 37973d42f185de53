package dev.parley.server.room;

import dev.parley.server.NodeFixture;
import dev.parley.server.PostgresFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The archive's tests on PostgreSQL, a cluster's storage (a server of the tests' own, see PostgresFixture): ArchiveContract's tests and assertions run here. */
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

    @Override
    String product() {
        return "PostgreSQL";
    }
}
