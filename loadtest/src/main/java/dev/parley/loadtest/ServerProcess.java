package dev.parley.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's processes as /proc shows them (Linux): CPU time (utime + stime of each process and its
 * threads) and resident memory, summed over the processes (a server may run several, as jabberd2 does).
 */
public final class ServerProcess {
    private final List<Long> pids;
    private final long ticksPerSecond;

    private ServerProcess(List<Long> pids, long ticksPerSecond) {
        this.pids = pids;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** From {@code --pid} (comma-separated pids) or {@code --pidfile} (comma-separated files); null when neither is given. */
    public static ServerProcess of(String pidList, String pidFiles) throws IOException {
        List<Long> pids = new ArrayList<>();
        if (pidList != null) for (String p : pidList.split(",")) if (!p.isBlank()) pids.add(Long.parseLong(p.strip()));
        if (pidFiles != null) {
            for (String f : pidFiles.split(",")) if (!f.isBlank()) pids.add(Long.parseLong(Files.readString(Path.of(f.strip())).strip()));
        }
        if (pids.isEmpty()) return null;
        for (long pid : pids) {
            if (!Files.exists(Path.of("/proc/" + pid + "/stat"))) throw new IllegalArgumentException("no process " + pid + " (is the server running?)");
        }
        return new ServerProcess(List.copyOf(pids), clockTicks());
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

    /** CPU time used so far, in microseconds; -1 when a process is gone. */
    public long cpuMicros() {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // the command name may hold spaces: fields are counted after its closing parenthesis
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return ticks * 1_000_000L / ticksPerSecond;
    }

    /** Resident memory in bytes; -1 when a process is gone. */
    public long rssBytes() {
        long kb = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) kb += Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return kb * 1024;
    }
}
