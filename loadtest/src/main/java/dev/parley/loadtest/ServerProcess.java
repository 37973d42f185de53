package dev.parley.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's processes as /proc shows them (Linux): CPU time (utime + stime of each process and its
 * threads) and resident memory, each process's and their sum. A server may run several processes (as
 * jabberd2 does), and a cluster on one machine runs one per node: what the server costs is the sum.
 */
public final class ServerProcess {
    private final List<Long> pids;
    private final long ticksPerSecond;

    ServerProcess(List<Long> pids, long ticksPerSecond) {
        this.pids = List.copyOf(pids);
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * From {@code --pid} and {@code --pidfile}, each given any number of times: each {@code --pid} one or more
     * pids separated by commas or white space, so {@code --pid "$(pgrep -f parley-server.jar)"} takes every
     * node; each {@code --pidfile} one or more files separated by commas, each holding pids as {@code --pid}
     * does; null when neither is given. A pid may appear once (twice would count its CPU twice),
     * and each must be a running process.
     */
    public static ServerProcess of(List<String> pidLists, List<String> pidFiles) {
        List<Long> pids = new ArrayList<>();
        for (String p : tokens(pidLists, "[,\\s]+")) pids.add(parsePid(p, "--pid"));
        for (String f : tokens(pidFiles, ",")) {
            String content;
            try {
                content = Files.readString(Path.of(f));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("--pidfile " + f + ": cannot read it (" + e.getMessage() + ")");
            }
            List<String> inFile = tokens(List.of(content), "[,\\s]+");
            if (inFile.isEmpty()) throw new IllegalArgumentException("--pidfile " + f + ": no pid in it");
            for (String p : inFile) pids.add(parsePid(p, "--pidfile " + f));
        }
        if (pids.isEmpty()) return null;
        for (int i = 0; i < pids.size(); i++) {
            long pid = pids.get(i);
            if (pids.indexOf(pid) != i) throw new IllegalArgumentException("pid " + pid + " is given twice: its CPU would be counted twice");
            if (!Files.exists(Path.of("/proc/" + pid + "/stat"))) throw new IllegalArgumentException("no process " + pid + " (is the server running?)");
        }
        return new ServerProcess(pids, clockTicks());
    }

    /** The values of any number of options, each split at {@code separator} and stripped; blanks left out. */
    static List<String> tokens(List<String> values, String separator) {
        List<String> out = new ArrayList<>();
        if (values == null) return out;
        for (String v : values) {
            if (v == null) continue;
            for (String t : v.split(separator)) if (!t.isBlank()) out.add(t.strip());
        }
        return out;
    }

    private static long parsePid(String p, String option) {
        long pid;
        try {
            pid = Long.parseLong(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + p + " is not a pid");
        }
        if (pid < 1) throw new IllegalArgumentException(option + ": " + p + " is not a pid");
        return pid;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100; // the value on every Linux this runs on
        }
    }

    public List<Long> pids() {
        return pids;
    }

    /** CPU time used so far by all the processes, in microseconds; -1 when one is gone. */
    public long cpuMicros() {
        return sum(cpuMicrosEach());
    }

    /** Resident memory of all the processes, in bytes; -1 when one is gone. */
    public long rssBytes() {
        return sum(rssBytesEach());
    }

    /** CPU time used so far by each process, in microseconds, in the order of {@link #pids()}; -1 for one that is gone. */
    public long[] cpuMicrosEach() {
        long[] out = new long[pids.size()];
        for (int i = 0; i < out.length; i++) out[i] = cpuMicros(pids.get(i));
        return out;
    }

    /**
     * CPU time used so far by each process's JIT compiler threads (HotSpot's, named {@code C1 CompilerThread…}
     * and {@code C2 CompilerThread…}), in microseconds; 0 for a process without them (Lua, Erlang: their
     * code is compiled as it is loaded, or not at all), -1 for one that is gone. A JVM compiles the code a
     * workload runs for minutes of that workload; its part of a short run's CPU is what the run paid for a
     * server started shortly before, not what a delivery costs a server that has run a while.
     */
    public long[] jitCompilerCpuMicrosEach() {
        long[] out = new long[pids.size()];
        for (int i = 0; i < out.length; i++) out[i] = jitCompilerCpuMicros(pids.get(i));
        return out;
    }

    /** Resident memory of each process in bytes, in the order of {@link #pids()}; -1 for one that is gone. */
    public long[] rssBytesEach() {
        long[] out = new long[pids.size()];
        for (int i = 0; i < out.length; i++) out[i] = rssBytes(pids.get(i));
        return out;
    }

    /** The sum of per-process figures; -1 when one of them is -1 (a sum without a process would mislead). */
    static long sum(long[] each) {
        long total = 0;
        for (long x : each) {
            if (x < 0) return -1;
            total += x;
        }
        return total;
    }

    private long cpuMicros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * 1_000_000L / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private long jitCompilerCpuMicros(long pid) {
        Path tasks = Path.of("/proc/" + pid + "/task");
        long ticks = 0;
        try (var threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                // the name is the thread's first 15 bytes, between parentheses: "(C2 CompilerThre)"
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (!isJitCompiler(name)) continue;
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 1_000_000L / ticksPerSecond;
    }

    /** Whether a thread's name (as the kernel keeps it, 15 bytes) is one of HotSpot's JIT compiler threads. */
    static boolean isJitCompiler(String threadName) {
        return threadName.matches("C[12] CompilerThr.*");
    }

    private static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
            }
            return -1; // a zombie has no VmRSS line
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
