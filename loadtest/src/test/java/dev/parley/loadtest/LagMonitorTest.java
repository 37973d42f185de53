package dev.parley.loadtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The generator judges itself over the window the run measures: a loop kept busy in that window shows as
 * late and busy, whatever happened before it.
 */
class LagMonitorTest {
    @Test
    void aWindowInWhichTheLoopIsBusyShowsLagAndBusyness() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            LagMonitor monitor = new LagMonitor(group, new Metrics(10, System.nanoTime()));

            // before the window: the loop is blocked, which the window must not count
            group.submit(() -> spinCpu(200)).get();
            Thread.sleep(30); // its late lag sample is recorded before the window opens
            monitor.openWindow();
            Thread.sleep(300);
            LagMonitor.Window idle = monitor.closeWindow();

            monitor.openWindow();
            group.submit(() -> spinCpu(300)).get();
            Thread.sleep(30); // the late lag task runs and records how late it was
            LagMonitor.Window busy = monitor.closeWindow();

            // the lag task, due every 10 ms, could not run for 300 ms of CPU: the window's p99 is that late
            assertTrue(busy.lagP99Ms() >= 250, "busy window lag p99 " + busy.lagP99Ms());
            assertTrue(idle.lagP99Ms() < busy.lagP99Ms(), "idle " + idle + ", busy " + busy);
            assertTrue(busy.busyShare() > idle.busyShare(), "idle " + idle + ", busy " + busy);
            assertTrue(busy.busyShare() <= 1.05, "a share of one loop's time: " + busy);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Burns {@code millis} of this thread's CPU time (not wall time: a loaded machine stretches it). */
    private static void spinCpu(long millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) x += System.nanoTime() & 1;
        if (x == 42) System.out.print(""); // keep the loop from being optimised away
    }
}
