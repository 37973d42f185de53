package dev.parley.loadtest;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The generator's own load: a task on each event loop, due every {@link #PERIOD_MS} ms, records how late it
 * ran, and the loops' threads' CPU time is read from the JVM. Tens of milliseconds of lag, or loops busy
 * nearly all the time, mean the generator, not the server, is the bottleneck.
 *
 * <p>A <em>window</em> ({@link #openWindow}, {@link #closeWindow}) is the stretch whose numbers the run
 * reports (the messages flowing, or the joins of a join storm): the lag and the busy share within it.
 */
final class LagMonitor {
    static final long PERIOD_MS = 10;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final Recorder windowLag = new Recorder(3_600_000_000L, 3);
    private final List<Long> loopThreads = new ArrayList<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long windowStart, windowCpuStart;

    /** What one window saw: the event loops' lag p99 (ms) and their threads' CPU over the window's wall time, per loop. */
    record Window(double lagP99Ms, double busyShare) {}

    LagMonitor(EventLoopGroup group, Metrics metrics) throws Exception {
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            loopThreads.add(loop.submit(() -> Thread.currentThread().getId()).get());
            long[] due = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS)};
            tasks.add(loop.scheduleWithFixedDelay(() -> {
                long now = System.nanoTime();
                long lateMicros = Math.max(0, (now - due[0]) / 1000);
                metrics.lag.recordValue(lateMicros);
                windowLag.recordValue(lateMicros);
                due[0] = now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
            }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS));
        }
    }

    void openWindow() {
        windowLag.getIntervalHistogram(); // what came before is not the window's
        windowStart = System.nanoTime();
        windowCpuStart = loopCpuNanos();
    }

    Window closeWindow() {
        Histogram lag = windowLag.getIntervalHistogram();
        long wall = System.nanoTime() - windowStart;
        long cpu = loopCpuNanos() - windowCpuStart;
        double lagP99 = lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99) / 1000.0;
        return new Window(lagP99, wall > 0 ? (double) cpu / wall / loopThreads.size() : 0);
    }

    private long loopCpuNanos() {
        long sum = 0;
        for (long id : loopThreads) sum += Math.max(0, threads.getThreadCpuTime(id));
        return sum;
    }

    void stop() {
        tasks.forEach(t -> t.cancel(false));
    }
}
