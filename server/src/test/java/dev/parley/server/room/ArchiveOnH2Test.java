package dev.parley.server.room;

import dev.parley.server.NodeFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The archive's tests on the embedded database (one node, nothing to install). */
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
        return DriverManager.getConnection("jdbc:h2:file:" + fixture.dataDir.toAbsolutePath().resolve("journal") + ";AUTO_SERVER=TRUE", "parley", "");
    }

    /** The contract's tests run where they say: the node's archive table is in H2. */
    @Test
    void theArchiveIsInH2() throws Exception {
        try (Connection c = database(); var tables = c.getMetaData().getTables(null, null, "%", null)) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("H2");
            boolean found = false;
            while (tables.next()) found |= tables.getString("TABLE_NAME").equalsIgnoreCase("muc_archive");
            assertThat(found).as("muc_archive, made by the journal's schema V3").isTrue();
        }
    }
}
