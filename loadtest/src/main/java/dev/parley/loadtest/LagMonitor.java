package dev.parley.loadtest;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The generator's own lag: a task on each event loop, due every {@link #PERIOD_MS} ms, records how late it
 * ran. Tens of milliseconds mean the generator, not the server, is the bottleneck.
 */
final class LagMonitor {
    static final long PERIOD_MS = 10;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    LagMonitor(EventLoopGroup group, Metrics metrics) {
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            long[] due = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS)};
            tasks.add(loop.scheduleWithFixedDelay(() -> {
                long now = System.nanoTime();
                metrics.lag.recordValue(Math.max(0, (now - due[0]) / 1000));
                due[0] = now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
            }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS));
        }
    }

    void stop() {
        tasks.forEach(t -> t.cancel(false));
    }
}
