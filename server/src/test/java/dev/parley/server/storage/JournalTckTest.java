package dev.parley.server.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import dev.parley.server.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.junit.jupiter.api.Test;

/**
 * Pekko's own test kit for journal plugins (pekko-persistence-tck's JournalSpec: writes, replays within bounds and
 * limits, deletion, the highest sequence number, rejection of what cannot be serialised, metadata, atomic writes
 * of several events), run against {@link Journal} on both storage back ends, each a fresh database with the
 * shipped schema. ScalaTest runs the spec; any test of it failing fails this one (its report is in the output).
 */
class JournalTckTest {
    /** The configuration the spec's actor system gets: set before ScalaTest makes the spec, which it does by name. */
    private static volatile Config journal;

    public static final class Spec extends JavaJournalSpec {
        public Spec() {
            super(journal);
        }

        @Override
        public CapabilityFlag supportsMetadata() {
            return CapabilityFlag.on();
        }
    }

    @Test
    void passesPekkosJournalTckOnH2() throws Exception {
        Path dir = Files.createTempDirectory("parley-journal-tck");
        Map<String, Object> m = new HashMap<>();
        m.put("parley.storage.type", "h2");
        assertTrue(run(storage(m, dir)), "JournalSpec on H2 failed: see the report above");
    }

    @Test
    void passesPekkosJournalTckOnPostgresql() throws Exception {
        Map<String, Object> m = new HashMap<>(PostgresFixture.storage("journal_tck"));
        assertTrue(run(storage(m, Files.createTempDirectory("parley-journal-tck"))), "JournalSpec on PostgreSQL failed: see the report above");
    }

    private static Storage storage(Map<String, Object> settings, Path dir) {
        Storage storage = Storage.from(ConfigFactory.parseMap(settings).withFallback(Node.defaults()), dir);
        storage.prepareJournal();
        return storage;
    }

    private static synchronized boolean run(Storage storage) {
        try (storage) {
            Config runtime = ConfigFactory.parseResources(Node.class.getClassLoader(), "parley-runtime.conf");
            journal = ConfigFactory.parseMap(storage.journalSettings())
                    .withFallback(ConfigFactory.parseString("pekko.persistence.journal.plugin = \"parley-journal\""))
                    .withFallback(runtime.withOnlyPath("parley-journal"))
                    .resolve();
            return org.scalatest.tools.Runner.run(new String[] {"-s", Spec.class.getName(), "-oW"});
        }
    }
}
