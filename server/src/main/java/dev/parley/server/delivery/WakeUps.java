package dev.parley.server.delivery;

/**
 * A fan-out wakes each thread it hands work to once, when it is done. A room delivering a stanza tells
 * every occupant's session; a session runs on its connection's event loop, and each tell that finds the
 * loop asleep would wake it. The loop, woken by the first tell, often handles that one session and sleeps
 * again before the next tell, so one message woke a loop several times, and on a virtual machine a wake-up
 * costs more CPU than the delivery it wakes the loop for (docs/footprint.md, fourth pass). Between
 * {@link #begin} and {@link #end}, an executor that can ({@link Deferrable}) queues the work without waking
 * its thread, and is woken once at the end: the work is the same, in the same order, and only waits for the
 * rest of the fan-out (microseconds).
 *
 * <p>Per thread, no locking: the batch is the calling thread's, and nested batches wake at the outermost end.
 */
public final class WakeUps {
    private WakeUps() {}

    /** A thread to be woken at the end of a batch (an event loop holding work queued without a wake-up). */
    public interface Deferrable {
        void wake();
    }

    private static final class Batch {
        Deferrable[] pending = new Deferrable[4];
        int count;
        int depth;
    }

    private static final ThreadLocal<Batch> BATCH = ThreadLocal.withInitial(Batch::new);

    /** Starts a batch on the calling thread; every {@link #begin} is followed by an {@link #end}, in a finally. */
    public static void begin() {
        BATCH.get().depth++;
    }

    /** Ends a batch: at the outermost end, every {@link Deferrable} that deferred its wake-up meanwhile is woken once. */
    public static void end() {
        Batch b = BATCH.get();
        if (--b.depth == 0) wakeAll(b);
    }

    /**
     * Whether the calling thread is in a batch; if so {@code d} is woken at its end (once however often it
     * asks), and the caller may queue its work without waking it.
     */
    public static boolean defer(Deferrable d) {
        Batch b = BATCH.get();
        if (b.depth == 0) return false;
        for (int i = 0; i < b.count; i++) {
            if (b.pending[i] == d) return true;
        }
        if (b.count == b.pending.length) b.pending = java.util.Arrays.copyOf(b.pending, b.count * 2);
        b.pending[b.count++] = d;
        return true;
    }

    private static void wakeAll(Batch b) {
        RuntimeException failed = null;
        for (int i = 0; i < b.count; i++) {
            try {
                b.pending[i].wake();
            } catch (RuntimeException e) {
                if (failed == null) failed = e; // the others are woken all the same
            }
            b.pending[i] = null;
        }
        b.count = 0;
        if (failed != null) throw failed;
    }
}
