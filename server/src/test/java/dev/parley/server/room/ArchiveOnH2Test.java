package dev.parley.server.room;

import dev.parley.server.NodeFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The archive's tests on the embedded database (one node, nothing to install): ArchiveContract's tests and assertions run here. */
class ArchiveOnH2Test extends ArchiveContract {
    static NodeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = NodeFixture.forRawClients(Map.of());
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
        return DriverManager.getConnection("jdbc:h2:file:" + fixture.dataDir.toAbsolutePath().resolve("journal"), "parley", "");
    }

    @Override
    String product() {
        return "H2";
    }
}
