package dev.parley.server.archive;

import dev.parley.protocol.xml.Element;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the rooms' message archive (XEP-0313): rooms hand it what their journal events wrote
 * (messages, tombstones, a destroyed room's end) and it writes them to the {@link ArchiveStore}, in order, on one
 * thread of its own; everything waiting when it wakes goes in one transaction, whichever rooms it came from (a node-
 * wide group commit: at 100 messages a second a handful of writes, not a hundred). Queries run on Pekko's
 * blocking dispatcher. Retention ({@code parley.muc.archive.retention}) removes the oldest messages every
 * {@code retention-check}.
 *
 * <p>The journal stays the truth: a room started again (after a move or a lost node) hands over the messages of
 * its history the archive may have missed ({@link #catchUp}), so a node lost between writing an event and
 * archiving it loses nothing the history holds.
 */
public final class Archive implements Extension {
    private static final Logger log = LoggerFactory.getLogger(Archive.class);

    public static final ExtensionId<Archive> ID = new ExtensionId<>() {
        @Override
        public Archive createExtension(ActorSystem<?> system) {
            return new Archive(system);
        }
    };

    public static Archive get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    /** One piece of work for the writer, with the future its caller waits on. */
    private sealed interface Job {
        CompletableFuture<Void> done();
    }

    private record Append(List<ArchivedMessage> rows, CompletableFuture<Void> done) implements Job {}

    private record Retract(String room, String stanzaId, Function<ArchivedMessage, Element> tombstone, CompletableFuture<Void> done) implements Job {}

    private record CatchUp(String room, List<ArchivedMessage> recent, CompletableFuture<Void> done) implements Job {}

    private record DeleteRoom(String room, CompletableFuture<Void> done) implements Job {}

    /**
     * {@code parley.muc.archive}: a page's size when the client gives none and at most, whether non-occupants may
     * read a public open room's archive (XEP-0313 §6.1.2), and how long messages are kept (zero: for ever).
     */
    public record Settings(boolean enabled, int defaultPage, int maxPage, boolean openToNonOccupants, Duration retention, Duration retentionCheck) {
        static Settings from(com.typesafe.config.Config c) {
            return new Settings(c.getBoolean("enabled"), c.getInt("default-page"), c.getInt("max-page"), c.getBoolean("open-to-non-occupants"),
                    c.getDuration("retention"), c.getDuration("retention-check"));
        }
    }

    private final ActorSystem<?> system;
    private final Settings settings;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    /** What was written: messages, and the transactions they took (the measurement of docs and the #15 note). */
    public final LongAdder messagesWritten = new LongAdder();
    public final LongAdder writes = new LongAdder();
    private volatile ArchiveStore store;
    private volatile scala.concurrent.ExecutionContextExecutor readers;

    private Archive(ActorSystem<?> system) {
        this.system = system;
        this.settings = Settings.from(system.settings().config().getConfig("parley.muc.archive"));
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Archives into {@code store} from now on (unless {@code parley.muc.archive.enabled} is off); forgets messages
     * older than the retention.
     */
    public synchronized void start(ArchiveStore archive) {
        if (store != null || !settings.enabled()) return;
        Duration retention = settings.retention();
        this.readers = system.dispatchers().lookup(DispatcherSelector.blocking());
        this.store = archive;
        Thread writer = new Thread(this::writeLoop, "parley-archive-writer");
        writer.setDaemon(true);
        writer.start();
        system.getWhenTerminated().thenRun(writer::interrupt);
        if (!retention.isZero()) {
            Duration every = settings.retentionCheck();
            system.scheduler().scheduleWithFixedDelay(every, every, () -> {
                try {
                    int gone = archive.deleteOlderThan(Instant.now().minus(retention));
                    if (gone > 0) log.info("archive retention: {} messages older than {} removed", gone, retention);
                } catch (RuntimeException e) {
                    log.warn("archive retention failed (tried again later): {}", e.toString());
                }
            }, readers);
        }
    }

    /** Whether this node keeps an archive (a node does; a room made outside one, in a test, does not). */
    public boolean enabled() {
        return store != null;
    }

    public CompletionStage<Void> append(List<ArchivedMessage> rows) {
        return submit(new Append(List.copyOf(rows), new CompletableFuture<>()));
    }

    /**
     * Replaces the message with this stanza id by what {@code tombstone} makes of it (null: leave it), once the
     * messages handed over before are written.
     */
    public CompletionStage<Void> retract(String room, String stanzaId, Function<ArchivedMessage, Element> tombstone) {
        return submit(new Retract(room, stanzaId, tombstone, new CompletableFuture<>()));
    }

    /**
     * A room started again: of its {@code recent} messages (its history, each with its position), those after the
     * last the archive holds are added, and the tombstones among them replace what they stand for.
     */
    public CompletionStage<Void> catchUp(String room, List<ArchivedMessage> recent) {
        return submit(new CatchUp(room, List.copyOf(recent), new CompletableFuture<>()));
    }

    public CompletionStage<Void> deleteRoom(String room) {
        return submit(new DeleteRoom(room, new CompletableFuture<>()));
    }

    /** Reads from the archive off the caller's thread. */
    public <T> CompletionStage<T> read(Function<ArchiveStore, T> query) {
        ArchiveStore s = store;
        if (s == null) return CompletableFuture.failedFuture(new IllegalStateException("no archive on this node"));
        return CompletableFuture.supplyAsync(() -> query.apply(s), readers);
    }

    private CompletionStage<Void> submit(Job job) {
        if (store == null) job.done().complete(null);
        else queue.add(job);
        return job.done();
    }

    private void writeLoop() {
        List<Job> jobs = new ArrayList<>();
        while (true) {
            try {
                jobs.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(jobs, 4096);
            int i = 0;
            while (i < jobs.size()) {
                // consecutive appends, from any rooms, are one transaction
                List<ArchivedMessage> rows = new ArrayList<>();
                int j = i;
                while (j < jobs.size() && jobs.get(j) instanceof Append a) {
                    rows.addAll(a.rows());
                    j++;
                }
                if (j > i) {
                    run(jobs.subList(i, j), () -> {
                        store.append(rows);
                        writes.increment();
                        messagesWritten.add(rows.size());
                    });
                    i = j;
                } else {
                    Job job = jobs.get(i++);
                    run(List.of(job), () -> perform(job));
                }
            }
            jobs.clear();
        }
    }

    private void perform(Job job) {
        ArchiveStore s = store;
        if (job instanceof Retract r) {
            ArchivedMessage m = s.byStanzaId(r.room(), r.stanzaId());
            Element tombstone = m == null ? null : r.tombstone().apply(m);
            if (tombstone != null) s.replace(r.room(), r.stanzaId(), tombstone);
        } else if (job instanceof CatchUp c) {
            long last = s.lastPosition(c.room());
            List<ArchivedMessage> missing = c.recent().stream().filter(m -> m.position() > last).toList();
            s.append(missing);
            if (!missing.isEmpty()) log.info("{}: {} messages of its history archived on its start (the archive had up to {})", c.room(), missing.size(), last);
            for (ArchivedMessage m : c.recent()) {
                if (m.position() <= last && m.message().child("retracted", "urn:xmpp:message-retract:1") != null) s.replace(c.room(), m.stanzaId(), m.message());
            }
        } else if (job instanceof DeleteRoom d) {
            int n = s.deleteRoom(d.room());
            if (n > 0) log.info("{} destroyed: its {} archived messages removed", d.room(), n);
        }
    }

    /** Runs a write, tried again a few times while the database is away; its jobs are done either way. */
    private void run(List<Job> jobs, Runnable write) {
        RuntimeException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                write.run();
                failure = null;
                break;
            } catch (RuntimeException e) {
                failure = e;
                try {
                    TimeUnit.MILLISECONDS.sleep(500L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (failure != null) {
            // the journal has these messages: the room's next start hands them over again (catchUp)
            log.warn("archive write failed ({} jobs): {}", jobs.size(), failure.toString());
        }
        for (Job j : jobs) {
            if (failure == null) j.done().complete(null);
            else j.done().completeExceptionally(failure);
        }
    }
}
