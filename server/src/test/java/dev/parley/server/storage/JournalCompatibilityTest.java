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
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A node upgraded from a Parley that journalled through pekko-persistence-jdbc reads the rooms that plugin wrote,
 * and the other way round: both plugins run in one actor system on one H2 journal, each writes, the other replays.
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
