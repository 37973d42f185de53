package dev.parley.server.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import dev.parley.server.PostgresFixture;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.snapshot.JavaSnapshotStoreSpec;
import org.junit.jupiter.api.Test;

/**
 * Pekko's own test kit for snapshot-store plugins (pekko-persistence-tck's SnapshotStoreSpec: the latest snapshot
 * loaded, within the criteria's bounds of sequence number and timestamp, deletion of one and of a range, a save
 * at the same sequence number replacing the row, serialisation, metadata), run against {@link SnapshotStore} on
 * both storage back ends, each a fresh database with the shipped schema, configured by the node's own settings
 * ({@code parley-runtime.conf}, {@link Storage#journalSettings}). ScalaTest runs the spec; any test of it failing
 * fails this one (its report is in the output).
 */
class SnapshotStoreTckTest {
    /** The configuration the spec's actor system gets: set before ScalaTest makes the spec, which it does by name. */
    private static volatile Config snapshots;

    public static final class Spec extends JavaSnapshotStoreSpec {
        public Spec() {
            super(snapshots);
        }

        @Override
        public CapabilityFlag supportsMetadata() {
            return CapabilityFlag.on();
        }
    }

    @Test
    void passesPekkosSnapshotStoreTckOnH2() throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("parley.storage.type", "h2");
        assertTrue(run(m), "SnapshotStoreSpec on H2 failed: see the report above");
    }

    @Test
    void passesPekkosSnapshotStoreTckOnPostgresql() throws Exception {
        assertTrue(run(PostgresFixture.storage("snapshot_tck")), "SnapshotStoreSpec on PostgreSQL failed: see the report above");
    }

    private static synchronized boolean run(Map<String, Object> settings) throws Exception {
        try (Storage storage = Storage.from(ConfigFactory.parseMap(settings).withFallback(Node.defaults()), Files.createTempDirectory("parley-snapshot-tck"))) {
            storage.prepareJournal();
            Config runtime = ConfigFactory.parseResources(Node.class.getClassLoader(), "parley-runtime.conf");
            snapshots = ConfigFactory.parseMap(storage.journalSettings())
                    .withFallback(runtime.withOnlyPath("parley-snapshot-store"))
                    .withFallback(runtime.withOnlyPath("pekko.persistence.snapshot-store"))
                    .resolve();
            return org.scalatest.tools.Runner.run(new String[] {"-s", Spec.class.getName(), "-oW"});
        }
    }
}
