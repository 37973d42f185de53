package dev.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's CPU and memory from /proc, summed over its processes: a cluster on one machine runs one
 * process per node, and what the cluster costs is their sum. Sampled here over this JVM and a shell that
 * burns some CPU.
 */
class ServerProcessTest {
    static final long SELF = ProcessHandle.current().pid();
    Process child;

    @BeforeEach
    void startChild() throws Exception {
        // a second process with CPU of its own: it counts for a while (some 0.1 s of CPU), then sleeps
        child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; exec sleep 60").start();
        Path comm = Path.of("/proc/" + child.pid() + "/comm");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(comm).strip().equals("sleep") && System.nanoTime() < until) Thread.sleep(10);
        assertThat(Files.readString(comm).strip()).as("the child is done counting").isEqualTo("sleep");
        assertThat(of(child.pid()).cpuMicros()).as("the child's CPU").isPositive();
    }

    @AfterEach
    void stopChild() throws Exception {
        child.destroy();
        child.waitFor(10, TimeUnit.SECONDS);
    }

    static ServerProcess of(long... pids) {
        return ServerProcess.of(java.util.Arrays.stream(pids).mapToObj(Long::toString).toList(), List.of());
    }

    @Test
    void cpuAndMemoryAreSummedOverTheProcesses() {
        ServerProcess self = of(SELF);
        ServerProcess other = of(child.pid());
        ServerProcess both = of(SELF, child.pid());
        assertThat(both.pids()).containsExactly(SELF, child.pid());

        long selfBefore = self.cpuMicros(), otherBefore = other.cpuMicros();
        long[] each = both.cpuMicrosEach();
        long sum = both.cpuMicros();
        long selfAfter = self.cpuMicros(), otherAfter = other.cpuMicros();
        // each process's figure is its own (CPU only grows: between what it was just before and just after) ...
        assertThat(each).hasSize(2);
        assertThat(each[0]).isBetween(selfBefore, selfAfter).isPositive();
        assertThat(each[1]).isBetween(otherBefore, otherAfter).isPositive();
        // ... and the total is theirs together, more than either alone
        assertThat(sum).isBetween(each[0] + each[1], selfAfter + otherAfter).isGreaterThan(selfBefore);
        assertThat(ServerProcess.sum(each)).isEqualTo(each[0] + each[1]);

        long[] rss = both.rssBytesEach();
        assertThat(rss[0]).isPositive();
        assertThat(rss[1]).isPositive();
        assertThat(ServerProcess.sum(rss)).isEqualTo(rss[0] + rss[1]);
        assertThat(both.rssBytes()).isGreaterThan(rss[1]);
    }

    @Test
    void cpuSpentBetweenTwoSamplesIsTheSumOfEachProcesssShare() {
        ServerProcess both = of(SELF, child.pid());
        long[] before = both.cpuMicrosEach();
        spinCpu(200);
        long[] after = both.cpuMicrosEach();
        long self = after[0] - before[0], other = after[1] - before[1];
        assertThat(self).as("this JVM spun 200 ms of CPU").isGreaterThanOrEqualTo(150_000);
        assertThat(other).as("the sleeping child").isBetween(0L, 20_000L);
        assertThat(ServerProcess.sum(after) - ServerProcess.sum(before)).isEqualTo(self + other);
    }

    @Test
    void pidsComeRepeatedSeparatedByCommasOrSpacesAndFromFiles() throws Exception {
        long c = child.pid();
        assertThat(ServerProcess.of(List.of(SELF + "," + c), List.of()).pids()).containsExactly(SELF, c);
        assertThat(ServerProcess.of(List.of(Long.toString(SELF), Long.toString(c)), List.of()).pids()).containsExactly(SELF, c);
        // as pgrep prints them: one a line
        assertThat(ServerProcess.of(List.of(SELF + "\n" + c + "\n"), List.of()).pids()).containsExactly(SELF, c);
        assertThat(ServerProcess.of(List.of(" " + SELF + ", " + c), null).pids()).containsExactly(SELF, c);
        Path dir = Files.createTempDirectory("pid files");
        try {
            Path file = Files.writeString(dir.resolve("child.pid"), c + "\n");
            Path selfFile = Files.writeString(dir.resolve("self.pid"), SELF + "\n");
            assertThat(ServerProcess.of(List.of(Long.toString(SELF)), List.of(file.toString())).pids()).containsExactly(SELF, c);
            assertThat(ServerProcess.of(null, List.of(file.toString())).pids()).containsExactly(c);
            // pid files are separated by commas only: a path may hold spaces
            assertThat(ServerProcess.of(null, List.of(selfFile + "," + file)).pids()).containsExactly(SELF, c);
            assertThat(ServerProcess.of(null, List.of(selfFile.toString(), file.toString())).pids()).containsExactly(SELF, c);
        } finally {
            for (Path p : Files.list(dir).toList()) Files.delete(p);
            Files.delete(dir);
        }
        assertThat(ServerProcess.of(List.of(), List.of())).isNull();
        assertThat(ServerProcess.of(null, null)).isNull();
    }

    @Test
    void aPidTwiceOrNotRunningOrNotAPidIsRefused() {
        assertThatThrownBy(() -> ServerProcess.of(List.of(SELF + "," + SELF), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> ServerProcess.of(List.of("abc"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("abc is not a pid");
        assertThatThrownBy(() -> ServerProcess.of(List.of("0"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a pid");
        assertThatThrownBy(() -> ServerProcess.of(List.of(), List.of("/nonexistent/parley.pid")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read it");
        assertThatThrownBy(() -> ServerProcess.of(List.of(Long.toString(Integer.MAX_VALUE + 10L)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no process");
    }

    @Test
    void aProcessGoneLeavesTheSumUnknownAndTheOthersFigures() throws Exception {
        ServerProcess both = of(SELF, child.pid());
        child.destroy();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long[] cpu = both.cpuMicrosEach();
        assertThat(cpu[0]).isPositive();
        assertThat(cpu[1]).isEqualTo(-1);
        assertThat(both.cpuMicros()).isEqualTo(-1);
        assertThat(both.rssBytesEach()[0]).isPositive();
        assertThat(both.rssBytes()).isEqualTo(-1);
    }

    @Test
    void theJitCompilersCpuIsThatOfTheThreadsHotSpotNamesSoAndNoOthers() throws Exception {
        assertThat(ServerProcess.isJitCompiler("C2 CompilerThre")).isTrue(); // the kernel keeps 15 bytes of "C2 CompilerThread0"
        assertThat(ServerProcess.isJitCompiler("C1 CompilerThre")).isTrue();
        assertThat(ServerProcess.isJitCompiler("parley-pekko.ac")).isFalse();
        assertThat(ServerProcess.isJitCompiler("VM Thread")).isFalse();

        ServerProcess both = of(SELF, child.pid());
        long[] before = both.jitCompilerCpuMicrosEach();
        // a thread of this JVM that the kernel knows by a compiler thread's name spins 200 ms, and is still
        // there when the figure is taken (an ended thread leaves /proc/PID/task, as a compiler thread never does)
        java.util.concurrent.CountDownLatch spun = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch measured = new java.util.concurrent.CountDownLatch(1);
        Thread named = new Thread(() -> {
            spinCpu(200);
            spun.countDown();
            try {
                measured.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "C2 CompilerThread9");
        named.start();
        spun.await();
        long[] after = both.jitCompilerCpuMicrosEach();
        measured.countDown();
        named.join();
        assertThat(after[0] - before[0]).as("this JVM's compiler threads, the named one included").isGreaterThanOrEqualTo(150_000);
        assertThat(after[1]).as("a shell has no compiler threads, though it used CPU").isZero();
        assertThat(both.cpuMicrosEach()[0]).as("the compilers' CPU is part of the process's").isGreaterThanOrEqualTo(after[0]);
    }

    /** Burns {@code millis} of this thread's CPU time (not wall time: a loaded machine stretches it). */
    private static void spinCpu(long millis) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) x += System.nanoTime() & 1;
        if (x == 42) System.out.print(""); // keep the loop from being optimised away
    }
}
