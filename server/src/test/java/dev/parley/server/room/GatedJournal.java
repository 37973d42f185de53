package dev.parley.server.room;

import com.typesafe.config.Config;
import dev.parley.server.storage.Journal;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.AtomicWrite;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * The node's journal, whose answers a test can hold back: while the gate is closed a write is made as usual, but the
 * room hears it is done only when the gate opens, so the room is writing for as long as the test needs, whatever the
 * machine's speed. Set with {@code parley-journal.class}; one node per JVM at a time uses it.
 */
public final class GatedJournal extends Journal {
    private static volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    private static final AtomicInteger held = new AtomicInteger();

    public GatedJournal(Config config) {
        super(config);
    }

    /** From now on, writes are answered only when {@link #open} is called. */
    static void close() {
        held.set(0);
        gate = new CompletableFuture<>();
    }

    /** Answers the writes held back, and those to come at once. */
    static void open() {
        gate.complete(null);
    }

    /** How many writes are held back since {@link #close}. */
    static int held() {
        return held.get();
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        Future<Iterable<Optional<Exception>>> written = super.doAsyncWriteMessages(messages);
        CompletableFuture<Void> g = gate;
        if (g.isDone()) return written;
        held.incrementAndGet();
        return FutureConverters.asScala(g.thenCompose(v -> FutureConverters.asJava(written)));
    }
}
