package dev.parley.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Second by second: takes each second's interval from the latency recorders (so the totals are the sum of
 * the intervals) and keeps the per-second figures the report plots.
 */
final class Timeline {
    private final Metrics m;
    private final int seconds;
    private final LongSupplier rss;
    private final Histogram latencyTotal = Metrics.histogram();
    private final Histogram loginTotal = Metrics.histogram();
    private final Histogram joinTotal = Metrics.histogram();
    private final Histogram lagTotal = Metrics.histogram();
    private final List<Double> p50 = new ArrayList<>();
    private final List<Double> p99 = new ArrayList<>();
    private final List<Double> lagP99 = new ArrayList<>();
    private Histogram latencyInterval, loginInterval, joinInterval, lagInterval;
    private long peakRss = -1;
    private volatile double lastRate, lastP99, lastLag;
    private long lastDelivered;
    private long lastSampleNanos;

    Timeline(Metrics m, int seconds, LongSupplier rss) {
        this.m = m;
        this.seconds = seconds;
        this.rss = rss;
        lastSampleNanos = m.startNanos();
    }

    /** Takes the interval since the last sample (once a second, and once at the end). */
    synchronized void sample(String phase) {
        latencyInterval = m.latency.getIntervalHistogram(latencyInterval);
        loginInterval = m.loginTime.getIntervalHistogram(loginInterval);
        joinInterval = m.joinTime.getIntervalHistogram(joinInterval);
        lagInterval = m.lag.getIntervalHistogram(lagInterval);
        latencyTotal.add(latencyInterval);
        loginTotal.add(loginInterval);
        joinTotal.add(joinInterval);
        lagTotal.add(lagInterval);
        if (p50.size() < seconds) {
            p50.add(ms(latencyInterval.getValueAtPercentile(50), latencyInterval));
            p99.add(ms(latencyInterval.getValueAtPercentile(99), latencyInterval));
            lagP99.add(ms(lagInterval.getValueAtPercentile(99), lagInterval));
        }
        long now = System.nanoTime();
        long delivered = m.delivered.sum();
        double dt = (now - lastSampleNanos) / 1e9;
        lastRate = dt > 0 ? (delivered - lastDelivered) / dt : 0;
        lastDelivered = delivered;
        lastSampleNanos = now;
        lastP99 = latencyInterval.getTotalCount() == 0 ? 0 : latencyInterval.getValueAtPercentile(99) / 1000.0;
        lastLag = lagInterval.getTotalCount() == 0 ? 0 : lagInterval.getValueAtPercentile(99) / 1000.0;
        peakRss = Math.max(peakRss, rss.getAsLong());
    }

    private static Double ms(long micros, Histogram h) {
        return h.getTotalCount() == 0 ? null : micros / 1000.0;
    }

    double lastDeliveriesPerSecond() {
        return lastRate;
    }

    double lastP99Ms() {
        return lastP99;
    }

    double lastLagP99Ms() {
        return lastLag;
    }

    long peakRss() {
        return peakRss;
    }

    synchronized Histogram latencyTotal() {
        return latencyTotal.copy();
    }

    synchronized Histogram loginTotal() {
        return loginTotal.copy();
    }

    synchronized Histogram joinTotal() {
        return joinTotal.copy();
    }

    synchronized Histogram lagTotal() {
        return lagTotal.copy();
    }

    /** A distribution in milliseconds, with the percentile curve (percentile, ms) for the report's plot. */
    static Result.Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) return new Result.Latency(0, 0, 0, 0, 0, 0, 0, 0, List.of());
        List<double[]> curve = new ArrayList<>();
        for (double p : new double[] {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100}) {
            curve.add(new double[] {p, h.getValueAtPercentile(p) / 1000.0});
        }
        return new Result.Latency(h.getTotalCount(), h.getMinValue() / 1000.0, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0, h.getMean() / 1000.0, curve);
    }

    synchronized Result.Timeline toResult(List<String> phases) {
        int n = p50.size();
        return new Result.Timeline(series(m.deliveriesPerSecond, n), series(m.sentPerSecond, n), series(m.loginsPerSecond, n),
                series(m.joinsPerSecond, n), series(m.errorsPerSecond, n), List.copyOf(nullsToZero(p50)), List.copyOf(nullsToZero(p99)),
                List.copyOf(nullsToZero(lagP99)), List.copyOf(phases.subList(0, Math.min(phases.size(), n))));
    }

    private static List<Double> nullsToZero(List<Double> l) {
        List<Double> out = new ArrayList<>(l.size());
        for (Double d : l) out.add(d == null ? 0.0 : d);
        return out;
    }

    private static List<Long> series(java.util.concurrent.atomic.AtomicLongArray a, int n) {
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < Math.min(n, a.length()); i++) out.add(a.get(i));
        return out;
    }
}
