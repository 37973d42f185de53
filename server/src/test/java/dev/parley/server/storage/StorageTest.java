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

/** The embedded storage's page cache is bounded by parley.storage.h2.cache-size, not H2's 16 MB a database (docs/footprint.md). */
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
}
