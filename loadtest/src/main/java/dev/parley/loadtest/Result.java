package dev.parley.loadtest;

import java.util.List;
import java.util.Map;

/** Everything a run measured: written as the JSON file, and read back for the benchmark table. */
public record Result(
        String label,
        String scenario,
        String startedAt,
        Map<String, Object> settings,
        String target,
        List<TargetClients> targets,
        Counts counts,
        Rates rates,
        Latency messageLatencyMs,
        Latency loginTimeMs,
        Latency joinTimeMs,
        Latency generatorLagMs,
        Server server,
        Generator generator,
        Map<String, Long> errors,
        List<String> notes,
        Timeline timeline) {

    /**
     * One target (a server, or a node of a cluster) and its clients: those sent to it (client {@code i} goes
     * to target {@code i % targets}), those connected and those logged in.
     */
    public record TargetClients(String address, long clients, long connected, long loggedIn) {}

    public record Counts(long clients, long connected, long loggedIn, long registered, long joined, long sent, long expectedDeliveries,
            long delivered, long presenceChanges, long rejoins, long presencesReceived, long bytesIn, long bytesOut) {}

    /** Per second; deliveries over first send to last delivery, logins and joins over their phases. */
    public record Rates(double loginsPerSecond, double joinsPerSecond, double sentPerSecond, double deliveriesPerSecond,
            double loginPhaseSeconds, double joinPhaseSeconds, double actionPhaseSeconds) {}

    public record Latency(long count, double min, double p50, double p90, double p99, double p999, double max, double mean,
            List<double[]> percentiles) {}

    /**
     * The server's CPU per phase (the actions' over the action phase and drain) and its memory, summed over
     * its processes (a cluster's nodes), with each process's own figures in {@code perPid}; a figure is null
     * when a process was gone when it was taken. The peak is that of the sum as sampled each second. Of the
     * actions' CPU, what a JVM's JIT compiler threads used ({@code cpuSecondsActionsJitCompiler}, 0 for a
     * server without them), and the CPU per delivery without it: a JVM still compiles the code of a workload
     * for its first minutes, which a short run pays for and a server that has run a while does not.
     */
    public record Server(List<Long> pids, Double cpuSecondsLogin, Double cpuSecondsJoin, Double cpuSecondsActions,
            Double cpuMicrosPerDelivery, Double cpuSecondsActionsJitCompiler, Double cpuMicrosPerDeliveryWithoutJitCompiler,
            Double rssMbStart, Double rssMbAfterLogin, Double rssMbAfterJoin, Double rssMbPeak, Double rssMbEnd, List<PidFigures> perPid) {}

    /**
     * One server process's share: its CPU per phase, its CPU over the actions per delivery of the whole run
     * (the processes' figures add up to the server's), and its memory.
     */
    public record PidFigures(long pid, Double cpuSecondsLogin, Double cpuSecondsJoin, Double cpuSecondsActions, Double cpuMicrosPerDelivery,
            Double rssMbStart, Double rssMbAfterLogin, Double rssMbAfterJoin, Double rssMbPeak, Double rssMbEnd) {}

    /**
     * The generator's own load: its CPU over the run and per delivery (over the actions and drain), and,
     * while the run measured (messages flowing; a join storm's joins), its event-loop lag and the share of
     * that time its event loops were busy.
     */
    public record Generator(int threads, double cpuSeconds, double cpuPercentOfOneCore, Double cpuMicrosPerDelivery, double lagP99MsWhileMeasuring,
            double loopBusyPercentWhileMeasuring, boolean bottleneck) {}

    /** One entry per second of the run. */
    public record Timeline(List<Long> deliveries, List<Long> sent, List<Long> logins, List<Long> joins, List<Long> errors,
            List<Double> latencyP50Ms, List<Double> latencyP99Ms, List<Double> lagP99Ms, List<String> phases) {}
}
