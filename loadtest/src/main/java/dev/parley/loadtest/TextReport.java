package dev.parley.loadtest;

import java.util.Locale;
import java.util.Map;

/** The summary printed at the end of a run. */
final class TextReport {
    private TextReport() {}

    static String of(Result r) {
        StringBuilder b = new StringBuilder();
        Result.Counts c = r.counts();
        Result.Rates rt = r.rates();
        line(b, "%s: %s against %s", r.label(), r.scenario(), r.target());
        line(b, "settings       %s", r.settings());
        line(b, "clients        %d connected, %d logged in (%d registered), %d joined", c.connected(), c.loggedIn(), c.registered(), c.joined());
        if (r.targets() != null && !r.targets().isEmpty()) {
            StringBuilder t = new StringBuilder();
            for (Result.TargetClients x : r.targets()) {
                if (t.length() > 0) t.append("; ");
                t.append(String.format(Locale.ROOT, "%s %d clients (%d connected, %d logged in)", x.address(), x.clients(), x.connected(), x.loggedIn()));
            }
            line(b, "%s %s", r.targets().size() == 1 ? "target        " : "targets       ", t);
        }
        line(b, "logins         %.0f/s over %.2f s; login time ms p50 %.1f p99 %.1f max %.1f", rt.loginsPerSecond(), rt.loginPhaseSeconds(),
                r.loginTimeMs().p50(), r.loginTimeMs().p99(), r.loginTimeMs().max());
        line(b, "joins          %.0f/s over %.2f s; join time ms p50 %.1f p99 %.1f max %.1f", rt.joinsPerSecond(), rt.joinPhaseSeconds(),
                r.joinTimeMs().p50(), r.joinTimeMs().p99(), r.joinTimeMs().max());
        line(b, "messages       %d sent (%.0f/s), %d of %d expected deliveries (%.0f/s)", c.sent(), rt.sentPerSecond(), c.delivered(),
                c.expectedDeliveries(), rt.deliveriesPerSecond());
        if (c.presenceChanges() > 0 || c.rejoins() > 0) {
            line(b, "presence       %d changes, %d rejoins, %d room presences received", c.presenceChanges(), c.rejoins(), c.presencesReceived());
        }
        Result.Latency l = r.messageLatencyMs();
        line(b, "latency ms     p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (%d samples)", l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.count());
        if (r.server() != null) {
            Result.Server s = r.server();
            boolean jit = s.cpuSecondsActionsJitCompiler() != null && s.cpuSecondsActionsJitCompiler() > 0;
            line(b, "server         pids %s; CPU s login %s, join %s, actions %s; %s µs CPU per delivery%s%s", s.pids(), f(s.cpuSecondsLogin()),
                    f(s.cpuSecondsJoin()), f(s.cpuSecondsActions()), f(s.cpuMicrosPerDelivery()),
                    jit ? " (of the actions' CPU, " + f(s.cpuSecondsActionsJitCompiler()) + " s the JIT compiler's; "
                            + f(s.cpuMicrosPerDeliveryWithoutJitCompiler()) + " µs per delivery without it)" : "",
                    s.pids().size() > 1 ? " (summed over the " + s.pids().size() + " processes)" : "");
            line(b, "server RSS MB  start %s, after login %s, after join %s, peak %s, end %s", f(s.rssMbStart()), f(s.rssMbAfterLogin()),
                    f(s.rssMbAfterJoin()), f(s.rssMbPeak()), f(s.rssMbEnd()));
            if (s.perPid() != null && s.perPid().size() > 1) {
                // the sums above are over these processes (a cluster's nodes)
                for (Result.PidFigures p : s.perPid()) {
                    line(b, "  pid %-9d CPU s login %s, join %s, actions %s; %s µs CPU per delivery; RSS MB start %s, peak %s, end %s", p.pid(),
                            f(p.cpuSecondsLogin()), f(p.cpuSecondsJoin()), f(p.cpuSecondsActions()), f(p.cpuMicrosPerDelivery()), f(p.rssMbStart()),
                            f(p.rssMbPeak()), f(p.rssMbEnd()));
                }
            }
        }
        Result.Generator g = r.generator();
        line(b, "generator      %d thread(s), %.2f s CPU (%.0f%% of a core), %s µs CPU per delivery; lag ms p50 %.2f p99 %.2f max %.2f (while measured: p99 %.2f, loops busy %.0f%%)%s",
                g.threads(), g.cpuSeconds(), g.cpuPercentOfOneCore(), f(g.cpuMicrosPerDelivery()), r.generatorLagMs().p50(), r.generatorLagMs().p99(),
                r.generatorLagMs().max(), g.lagP99MsWhileMeasuring(), g.loopBusyPercentWhileMeasuring(),
                g.bottleneck() ? "  << the generator may be the bottleneck" : "");
        if (r.errors().isEmpty()) {
            line(b, "errors         none");
        } else {
            StringBuilder e = new StringBuilder();
            for (Map.Entry<String, Long> x : r.errors().entrySet()) e.append(x.getKey()).append(' ').append(x.getValue()).append("  ");
            line(b, "errors         %s", e.toString().strip());
        }
        for (String n : r.notes()) line(b, "note           %s", n);
        return b.toString();
    }

    private static String f(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.2f", d);
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
