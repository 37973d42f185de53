package dev.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A node upgraded from a Parley that journalled through pekko-persistence-jdbc reads the rooms that plugin wrote,
 * and the other way round: both plugins run in one actor system on one H2 journal, each writes, the other replays;
 * the same for the snapshots ({@link SnapshotStore} and the plugin's snapshot store), metadata included. The plugin
 * is on the tests' class path only, configured here as the nodes before {@link SnapshotStore} configured it.
 */
class JournalCompatibilityTest {
    private Storage storage;
    private ActorSystem system;

    @BeforeEach
    void start() throws Exception {
        storage = Storage.from(ConfigFactory.parseMap(Map.of("parley.storage.type", "h2")).withFallback(Node.defaults()),
                Files.createTempDirectory("parley-journal-compat"));
        storage.prepareJournal();
        Config config = ConfigFactory.parseMap(storage.journalSettings())
                .withFallback(ConfigFactory.parseMap(Map.of(
                        "pekko-persistence-jdbc.shared-databases.parley.profile", "slick.jdbc.H2Profile$",
                        "pekko-persistence-jdbc.shared-databases.parley.db.url", storage.journalSettings().get("parley-journal.url"),
                        "pekko-persistence-jdbc.shared-databases.parley.db.driver", "org.h2.Driver",
                        "pekko-persistence-jdbc.shared-databases.parley.db.user", "parley",
                        "pekko-persistence-jdbc.shared-databases.parley.db.password", "",
                        "pekko-persistence-jdbc.shared-databases.parley.db.numThreads", 2,
                        "pekko-persistence-jdbc.shared-databases.parley.db.maxConnections", 2,
                        "jdbc-journal.use-shared-db", "parley",
                        "jdbc-snapshot-store.use-shared-db", "parley")))
                .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
                .withFallback(Node.defaults())
                .resolve();
        system = ActorSystem.create("compat", config);
    }

    @AfterEach
    void stop() {
        TestKit.shutdownActorSystem(system);
        storage.close();
    }

    @Test
    void eventsPekkoPersistenceJdbcWroteAreReplayedByParleysJournal() {
        write("jdbc-journal", "Room|old@conference.localhost", "created", "joined", "said");
        assertThat(replay("parley-journal", "Room|old@conference.localhost")).containsExactly("created", "joined", "said");
    }

    @Test
    void eventsParleysJournalWroteAreReplayedByPekkoPersistenceJdbc() {
        write("parley-journal", "Room|new@conference.localhost", "created", "said");
        assertThat(replay("jdbc-journal", "Room|new@conference.localhost")).containsExactly("created", "said");
    }

    @Test
    void aSnapshotPekkoPersistenceJdbcSavedIsLoadedByParleysStore() {
        save("jdbc-snapshot-store", SnapshotMetadata.apply("Room|old@conference.localhost", 200, 0L), "state at 200");
        long saved = save("jdbc-snapshot-store", SnapshotMetadata.apply("Room|old@conference.localhost", 400, 0L).withMetadata("replicated"), "state at 400");
        SelectedSnapshot latest = load("parley-snapshot-store", "Room|old@conference.localhost", SnapshotSelectionCriteria.latest());
        assertThat(latest.snapshot()).isEqualTo("state at 400");
        assertThat(latest.metadata().sequenceNr()).isEqualTo(400);
        assertThat(latest.metadata().timestamp()).isEqualTo(saved);
        assertThat(latest.metadata().metadata().get()).isEqualTo("replicated");
        SelectedSnapshot older = load("parley-snapshot-store", "Room|old@conference.localhost", SnapshotSelectionCriteria.create(399, Long.MAX_VALUE));
        assertThat(older.snapshot()).isEqualTo("state at 200");
        assertThat(older.metadata().metadata().isEmpty()).isTrue();
    }

    @Test
    void aSnapshotParleysStoreSavedIsLoadedByPekkoPersistenceJdbc() {
        long saved = save("parley-snapshot-store", SnapshotMetadata.apply("Room|new@conference.localhost", 200, 0L).withMetadata("replicated"), "state at 200");
        SelectedSnapshot latest = load("jdbc-snapshot-store", "Room|new@conference.localhost", SnapshotSelectionCriteria.latest());
        assertThat(latest.snapshot()).isEqualTo("state at 200");
        assertThat(latest.metadata().sequenceNr()).isEqualTo(200);
        assertThat(latest.metadata().timestamp()).isEqualTo(saved);
        assertThat(latest.metadata().metadata().get()).isEqualTo("replicated");
    }

    /** Saves, and answers the timestamp the store was given: Pekko stamps a snapshot with the time of its save. */
    private long save(String plugin, SnapshotMetadata metadata, Object snapshot) {
        TestKit probe = new TestKit(system);
        Persistence.get(system).snapshotStoreFor(plugin, ConfigFactory.empty())
                .tell(new SnapshotProtocol.SaveSnapshot(metadata, snapshot), probe.getRef());
        long timestamp = probe.expectMsgClass(Duration.ofSeconds(10), org.apache.pekko.persistence.SaveSnapshotSuccess.class).metadata().timestamp();
        assertThat(timestamp).isPositive();
        return timestamp;
    }

    private SelectedSnapshot load(String plugin, String persistenceId, SnapshotSelectionCriteria criteria) {
        TestKit probe = new TestKit(system);
        Persistence.get(system).snapshotStoreFor(plugin, ConfigFactory.empty())
                .tell(new SnapshotProtocol.LoadSnapshot(persistenceId, criteria, Long.MAX_VALUE), probe.getRef());
        SnapshotProtocol.LoadSnapshotResult result = probe.expectMsgClass(Duration.ofSeconds(10), SnapshotProtocol.LoadSnapshotResult.class);
        assertThat(result.snapshot().isDefined()).as("a snapshot of " + persistenceId + " within " + criteria).isTrue();
        return result.snapshot().get();
    }

    private void write(String plugin, String persistenceId, String... events) {
        TestKit probe = new TestKit(system);
        List<PersistentRepr> reprs = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            reprs.add(PersistentRepr.apply(events[i], i + 1, persistenceId, "", false, ActorRef.noSender(), "writer-" + plugin));
        }
        AtomicWrite write = new AtomicWrite(CollectionConverters.asScala(reprs).toList());
        List<PersistentEnvelope> envelopes = List.of(write);
        journal(plugin).tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(envelopes).toList(), probe.getRef(), 1), probe.getRef());
        probe.expectMsgClass(Duration.ofSeconds(10), JournalProtocol.WriteMessagesSuccessful$.class);
        for (String ignored : events) probe.expectMsgClass(Duration.ofSeconds(10), JournalProtocol.WriteMessageSuccess.class);
    }

    private List<Object> replay(String plugin, String persistenceId) {
        TestKit probe = new TestKit(system);
        journal(plugin).tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE, persistenceId, probe.getRef()), probe.getRef());
        List<Object> replayed = new ArrayList<>();
        while (true) {
            Object m = probe.receiveOne(Duration.ofSeconds(10));
            if (m instanceof JournalProtocol.ReplayedMessage r) {
                replayed.add(r.persistent().payload());
                assertThat(r.persistent().persistenceId()).isEqualTo(persistenceId);
                assertThat(r.persistent().sequenceNr()).isEqualTo(replayed.size());
            } else {
                assertThat(m).as("the end of the replay").isInstanceOf(JournalProtocol.RecoverySuccess.class);
                assertThat(((JournalProtocol.RecoverySuccess) m).highestSequenceNr()).isEqualTo(replayed.size());
                return replayed;
            }
        }
    }

    private ActorRef journal(String plugin) {
        return Persistence.get(system).journalFor(plugin, ConfigFactory.empty());
    }
}
