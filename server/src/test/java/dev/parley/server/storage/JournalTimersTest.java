package dev.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.LightArrayRevolverScheduler;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a room's write to the journal leaves on Pekko's scheduler. Every call to a journal plugin goes through Pekko's
 * circuit breaker, which puts a timeout on the scheduler for it (call-timeout) and cancels it when the call completes;
 * a cancelled timeout stays on the scheduler's wheel until its deadline, 10 s later. On H2 a write is committed before
 * the call returns, so the node sets no timeout there (Storage.journalSettings): a room's message, one write, costs
 * the scheduler nothing. On PostgreSQL the timeout stays: a write waits on the network there.
 */
class JournalTimersTest {
    /** The system's scheduler, counting what is scheduled once (a timeout is). */
    public static final class CountingScheduler extends LightArrayRevolverScheduler {
        static final AtomicLong scheduledOnce = new AtomicLong();

        public CountingScheduler(Config config, LoggingAdapter log, ThreadFactory threadFactory) {
            super(config, log, threadFactory);
        }

        @Override
        public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
            scheduledOnce.incrementAndGet();
            return super.scheduleOnce(delay, runnable, executor);
        }
    }

    private Storage storage;
    private ActorSystem system;

    @AfterEach
    void stop() {
        if (system != null) TestKit.shutdownActorSystem(system);
        if (storage != null) storage.close();
    }

    @Test
    void aWriteToTheH2JournalSchedulesNothing() throws Exception {
        start("h2");
        ActorRef journal = Persistence.get(system).journalFor("parley-journal", ConfigFactory.empty());
        write(journal, "Room|warm@conference.localhost", 1); // the journal started, its connection open
        long before = CountingScheduler.scheduledOnce.get();
        for (int i = 1; i <= 100; i++) write(journal, "Room|busy@conference.localhost", i);
        assertThat(CountingScheduler.scheduledOnce.get() - before).as("timers scheduled for 100 writes").isLessThan(10);
    }

    @Test
    void onPostgresqlTheCircuitBreakersTimeoutStays() throws Exception {
        // not a database this test needs: only the settings the node gives the journal for each storage
        Storage h2 = Storage.from(ConfigFactory.parseMap(Map.of("parley.storage.type", "h2")).withFallback(Node.defaults()),
                Files.createTempDirectory("parley-journal-timers"));
        Storage postgresql = Storage.from(ConfigFactory.parseMap(Map.of("parley.storage.type", "postgresql",
                "parley.storage.postgresql.url", "jdbc:postgresql://127.0.0.1:1/none")).withFallback(Node.defaults()),
                Files.createTempDirectory("parley-journal-timers"));
        assertThat(callTimeout(h2)).isEqualTo(Duration.ZERO);
        assertThat(callTimeout(postgresql)).isEqualTo(Duration.ofSeconds(10)); // Pekko's default
        h2.close();
        postgresql.close();
    }

    private static Duration callTimeout(Storage s) {
        return ConfigFactory.parseMap(s.journalSettings()).withFallback(Node.defaults()).resolve()
                .getConfig("parley-journal").withFallback(Node.defaults().getConfig("pekko.persistence.journal-plugin-fallback"))
                .getDuration("circuit-breaker.call-timeout");
    }

    private void start(String type) throws Exception {
        storage = Storage.from(ConfigFactory.parseMap(Map.of("parley.storage.type", type)).withFallback(Node.defaults()),
                Files.createTempDirectory("parley-journal-timers"));
        storage.prepareJournal();
        Config config = ConfigFactory.parseMap(storage.journalSettings())
                .withFallback(ConfigFactory.parseString("pekko.actor.provider = local\n"
                        + "pekko.scheduler.implementation = \"" + CountingScheduler.class.getName() + "\""))
                .withFallback(Node.defaults())
                .resolve();
        system = ActorSystem.create("timers", config);
    }

    /** One room's write of one event, as a room's persist makes it; answered before the next. */
    private void write(ActorRef journal, String persistenceId, long sequenceNr) {
        TestKit probe = new TestKit(system);
        PersistentRepr repr = PersistentRepr.apply("said", sequenceNr, persistenceId, "", false, ActorRef.noSender(), "writer");
        AtomicWrite write = new AtomicWrite(CollectionConverters.asScala(List.of(repr)).toList());
        List<PersistentEnvelope> envelopes = List.of(write);
        journal.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(envelopes).toList(), probe.getRef(), 1), probe.getRef());
        probe.expectMsgClass(Duration.ofSeconds(10), JournalProtocol.WriteMessagesSuccessful$.class);
        probe.expectMsgClass(Duration.ofSeconds(10), JournalProtocol.WriteMessageSuccess.class);
    }
}
