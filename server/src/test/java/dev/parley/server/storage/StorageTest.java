package dev.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded storage's page cache is bounded by parley.storage.h2.cache-size, not H2's 16 MB a database
 * (docs/footprint.md); only the accounts' database is open to other processes.
 */
class StorageTest {
    @TempDir
    Path dir;

    private static Config with(String cacheSize) {
        return ConfigFactory.parseString("parley.storage.h2.cache-size = " + cacheSize).withFallback(ConfigFactory.load()).resolve();
    }

    @Test
    void theH2CacheIsTheConfiguredSize() throws Exception {
        Storage storage = Storage.from(with("2 MiB"), dir);
        try (Connection c = storage.accounts().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("2048");
        } finally {
            storage.close();
        }
        assertThat(Storage.h2CacheKb(ConfigFactory.load().getConfig("parley.storage"))).as("the default").isEqualTo(4096);
    }

    @Test
    void aCacheTooSmallToWorkIsRefused() {
        assertThatThrownBy(() -> Storage.from(with("100 KiB"), dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.storage.h2.cache-size");
    }

    /**
     * The accounts are shared with {@code scripts/users} while the node runs (H2's auto-server mode, which keeps its
     * server's address in a .lock.db file beside the database); the journal, which only the node opens, is not: no
     * TCP server and no lock-file watchdog for it.
     */
    @Test
    void onlyTheAccountsAreOpenToOtherProcesses() throws Exception {
        Storage storage = Storage.from(with("4 MiB"), dir);
        try {
            storage.accounts().getConnection().close();
            storage.archive().getConnection().close(); // a pool on the journal's database
            assertThat(dir.resolve("parley.lock.db")).as("the accounts' auto-server lock").exists();
            assertThat(dir.resolve("journal.mv.db")).exists();
            assertThat(dir.resolve("journal.lock.db")).as("no auto-server for the journal").doesNotExist();
        } finally {
            storage.close();
        }
    }
}
