package dev.parley.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the generator counts, safe to record from every event loop at once: counters, latency recorders
 * (HdrHistogram, microseconds) and a per-second timeline for the report's plots.
 */
public final class Metrics {
    /** The timeline's length: one bucket per second of the run. */
    private final int seconds;
    private final long startNanos;

    public final LongAdder connected = new LongAdder();
    public final LongAdder loggedIn = new LongAdder();
    public final LongAdder registered = new LongAdder();
    public final LongAdder joined = new LongAdder();
    public final LongAdder sent = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder presenceChanges = new LongAdder();
    public final LongAdder presencesReceived = new LongAdder();
    public final LongAdder rejoins = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    /** When the last delivery arrived (System.nanoTime). */
    public final java.util.concurrent.atomic.LongAccumulator lastDelivery = new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** Groupchat latency, send to receipt (timestamp carried in the body), µs. */
    public final Recorder latency = new Recorder(3_600_000_000L, 3);
    /** Login: connect to bound and ready, µs. */
    public final Recorder loginTime = new Recorder(3_600_000_000L, 3);
    /** Join: presence sent to own occupant presence received (a new room: to the instant room unlocked), µs. */
    public final Recorder joinTime = new Recorder(3_600_000_000L, 3);
    /** The generator's own event-loop lag, µs: how late a task ran that was due. */
    public final Recorder lag = new Recorder(3_600_000_000L, 3);

    /** Per second: deliveries, sends, logins, joins, errors, presence changes. */
    public final AtomicLongArray deliveriesPerSecond, sentPerSecond, loginsPerSecond, joinsPerSecond, errorsPerSecond;

    public Metrics(int seconds, long startNanos) {
        this.seconds = seconds;
        this.startNanos = startNanos;
        deliveriesPerSecond = new AtomicLongArray(seconds);
        sentPerSecond = new AtomicLongArray(seconds);
        loginsPerSecond = new AtomicLongArray(seconds);
        joinsPerSecond = new AtomicLongArray(seconds);
        errorsPerSecond = new AtomicLongArray(seconds);
    }

    public long startNanos() {
        return startNanos;
    }

    private int second(long nanos) {
        long s = (nanos - startNanos) / 1_000_000_000L;
        return (int) Math.max(0, Math.min(seconds - 1, s));
    }

    public void delivery(long now, long sentAt) {
        delivered.increment();
        lastDelivery.accumulate(now);
        deliveriesPerSecond.incrementAndGet(second(now));
        latency.recordValue(Math.max(0, (now - sentAt) / 1000));
    }

    public void sent(long now) {
        sent.increment();
        sentPerSecond.incrementAndGet(second(now));
    }

    public void loggedIn(long now, long startedAt) {
        loggedIn.increment();
        loginsPerSecond.incrementAndGet(second(now));
        loginTime.recordValue(Math.max(0, (now - startedAt) / 1000));
    }

    public void joined(long now, long startedAt) {
        joined.increment();
        joinsPerSecond.incrementAndGet(second(now));
        joinTime.recordValue(Math.max(0, (now - startedAt) / 1000));
    }

    /** An error, by its kind and condition: {@code stanza:forbidden}, {@code stream:conflict}, {@code sasl:not-authorized}, {@code io:...}. */
    public void error(String what) {
        errors.computeIfAbsent(what, k -> new LongAdder()).increment();
        errorsPerSecond.incrementAndGet(second(System.nanoTime()));
    }

    public Map<String, Long> errors() {
        Map<String, Long> m = new TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long errorCount() {
        long n = 0;
        for (LongAdder a : errors.values()) n += a.sum();
        return n;
    }

    /** A histogram covering the same range as the recorders, to accumulate their intervals. */
    public static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }
}
