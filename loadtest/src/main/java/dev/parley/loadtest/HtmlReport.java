package dev.parley.loadtest;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML report (no scripts, no downloads): the summary, deliveries and sends per second
 * over time with the phases, latency p50/p99 per second, and the latency percentile distribution, drawn
 * as inline SVG.
 */
final class HtmlReport {
    private static final int W = 900, H = 260, PAD = 50;

    private HtmlReport() {}

    static String of(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>").append(esc(r.label())).append(" — Parley load test</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:960px}pre{background:#f6f6f6;padding:1em;overflow-x:auto}")
                .append("svg{background:#fff;border:1px solid #ddd;margin:0.5em 0}.legend span{margin-right:1.5em}</style></head><body>");
        b.append("<h1>").append(esc(r.label())).append("</h1><p>Scenario <b>").append(esc(r.scenario())).append("</b> against ")
                .append(esc(r.target())).append(", started ").append(esc(r.startedAt())).append(".</p>");
        b.append("<h2>Summary</h2><pre>").append(esc(TextReport.of(r))).append("</pre>");
        Result.Timeline t = r.timeline();
        b.append("<h2>Throughput over time</h2>");
        b.append(legend("#1f77b4", "deliveries/s", "#ff7f0e", "sent/s", "#2ca02c", "logins/s", "#9467bd", "joins/s"));
        b.append(lines(List.of(toDouble(t.deliveries()), toDouble(t.sent()), toDouble(t.logins()), toDouble(t.joins())),
                List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"), "seconds", "per second", t.phases()));
        b.append("<h2>Latency over time</h2>");
        b.append(legend("#1f77b4", "p50 ms", "#d62728", "p99 ms", "#7f7f7f", "generator lag p99 ms"));
        b.append(lines(List.of(t.latencyP50Ms(), t.latencyP99Ms(), t.lagP99Ms()), List.of("#1f77b4", "#d62728", "#7f7f7f"), "seconds", "ms", t.phases()));
        b.append("<h2>Latency distribution</h2>");
        b.append(percentiles(r.messageLatencyMs()));
        b.append("</body></html>\n");
        return b.toString();
    }

    private static List<Double> toDouble(List<Long> l) {
        return l.stream().map(Long::doubleValue).toList();
    }

    private static String legend(String... colourAndName) {
        StringBuilder b = new StringBuilder("<p class='legend'>");
        for (int i = 0; i < colourAndName.length; i += 2) {
            b.append("<span style='color:").append(colourAndName[i]).append("'>&#9632; ").append(esc(colourAndName[i + 1])).append("</span>");
        }
        return b.append("</p>").toString();
    }

    /** Line series over seconds, with the phases shaded. */
    private static String lines(List<List<Double>> series, List<String> colours, String xLabel, String yLabel, List<String> phases) {
        int n = 0;
        double max = 0;
        for (List<Double> s : series) {
            n = Math.max(n, s.size());
            for (Double v : s) max = Math.max(max, v == null ? 0 : v);
        }
        if (max == 0) max = 1;
        max = nice(max);
        StringBuilder b = svgStart();
        double xs = (W - 2.0 * PAD) / Math.max(1, n - 1);
        String last = null;
        for (int i = 0; i < phases.size(); i++) {
            if (!phases.get(i).equals(last)) {
                double x = PAD + i * xs;
                b.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ccc' stroke-dasharray='3,3'/>", x, PAD / 2, x, H - PAD));
                b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' fill='#888'>%s</text>", x + 2, PAD / 2 + 10, esc(phases.get(i))));
                last = phases.get(i);
            }
        }
        axes(b, n, max, xLabel, yLabel);
        for (int k = 0; k < series.size(); k++) {
            StringBuilder pts = new StringBuilder();
            List<Double> s = series.get(k);
            for (int i = 0; i < s.size(); i++) {
                double v = s.get(i) == null ? 0 : s.get(i);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", PAD + i * xs, (H - PAD) - v / max * (H - 1.5 * PAD)));
            }
            b.append("<polyline fill='none' stroke-width='1.5' stroke='").append(colours.get(k)).append("' points='").append(pts).append("'/>");
        }
        return b.append("</svg>").toString();
    }

    /** Latency against percentile, the x axis in "nines" (0, 90, 99, 99.9, 99.99), as HdrHistogram plots are read. */
    private static String percentiles(Result.Latency l) {
        if (l.count() == 0) return "<p>No messages were measured.</p>";
        double max = nice(Math.max(l.max(), 0.001));
        StringBuilder b = svgStart();
        double maxNines = 4; // 99.99
        for (double nines = 0; nines <= maxNines; nines++) {
            double x = PAD + nines / maxNines * (W - 2.0 * PAD);
            String label = nines == 0 ? "0%" : String.format(Locale.ROOT, "%s%%", 100 - 100 / Math.pow(10, nines)).replace(".0%", "%");
            b.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>", x, PAD / 2, x, H - PAD));
            b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>", x, H - PAD + 15, label));
        }
        axes(b, 0, max, "percentile", "ms");
        StringBuilder pts = new StringBuilder();
        for (double[] p : l.percentiles()) {
            double nines = p[0] >= 100 ? maxNines : Math.min(maxNines, -Math.log10(1 - p[0] / 100));
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", PAD + nines / maxNines * (W - 2.0 * PAD), (H - PAD) - p[1] / max * (H - 1.5 * PAD)));
        }
        b.append("<polyline fill='none' stroke-width='2' stroke='#d62728' points='").append(pts).append("'/>");
        for (double[] p : l.percentiles()) {
            if (p[0] == 50 || p[0] == 99 || p[0] == 99.9) {
                double nines = -Math.log10(1 - p[0] / 100);
                b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' font-size='10'>p%s %.2f ms</text>", PAD + nines / maxNines * (W - 2.0 * PAD) + 3,
                        (H - PAD) - p[1] / max * (H - 1.5 * PAD) - 4, p[0] == 99.9 ? "99.9" : Integer.toString((int) p[0]), p[1]));
            }
        }
        return b.append("</svg>").toString();
    }

    private static StringBuilder svgStart() {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d'>", W, H, W, H));
    }

    private static void axes(StringBuilder b, int n, double max, String xLabel, String yLabel) {
        b.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#000'/>", PAD, H - PAD, W - PAD, H - PAD));
        b.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#000'/>", PAD, PAD / 2, PAD, H - PAD));
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double y = (H - PAD) - v / max * (H - 1.5 * PAD);
            b.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>", PAD - 4, y + 3, short_(v)));
            b.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#f0f0f0'/>", PAD, y, W - PAD, y));
        }
        if (n > 1) {
            for (int i = 0; i <= 5; i++) {
                int sec = (int) Math.round((n - 1) * i / 5.0);
                double x = PAD + sec * (W - 2.0 * PAD) / (n - 1);
                b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%d</text>", x, H - PAD + 15, sec));
            }
        }
        b.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='middle'>%s</text>", W / 2, H - 10, esc(xLabel)));
        b.append(String.format(Locale.ROOT, "<text x='12' y='%d' font-size='11' transform='rotate(-90 12 %d)' text-anchor='middle'>%s</text>", H / 2, H / 2, esc(yLabel)));
    }

    private static double nice(double max) {
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * p >= max) return m * p;
        return 10 * p;
    }

    private static String short_(double v) {
        if (v >= 1e6) return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        if (v >= 1e3) return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        if (v >= 10 || v == 0) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
