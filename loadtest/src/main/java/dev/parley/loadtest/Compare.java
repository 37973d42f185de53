package dev.parley.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loadtest compare}: one table from result files of several servers over the same scenarios, each
 * figure with the ratio ours/theirs. Files are named {@code SERVER-SCENARIO.json}.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "One markdown table from result files named SERVER-SCENARIO.json.")
public final class Compare implements Callable<Integer> {
    @Option(names = "--ours", defaultValue = "parley", description = "the server the ratios are about (default ${DEFAULT-VALUE})")
    String ours;
    @Parameters(description = "result files")
    List<Path> files = new ArrayList<>();

    record Column(String title, Function<JsonNode, Double> value, boolean lowerIsBetter) {}

    static final List<Column> COLUMNS = List.of(
            new Column("deliveries/s", r -> num(r, "rates", "deliveriesPerSecond"), false),
            new Column("joins/s", r -> num(r, "rates", "joinsPerSecond"), false),
            new Column("join ms p50", r -> num(r, "joinTimeMs", "p50"), true),
            new Column("latency ms p50", r -> num(r, "messageLatencyMs", "p50"), true),
            new Column("latency ms p99", r -> num(r, "messageLatencyMs", "p99"), true),
            new Column("server µs CPU/delivery", r -> num(r, "server", "cpuMicrosPerDelivery"), true),
            new Column("the same without the JIT compiler", r -> num(r, "server", "cpuMicrosPerDeliveryWithoutJitCompiler"), true),
            new Column("server RSS MB peak", r -> num(r, "server", "rssMbPeak"), true));

    @Override
    public Integer call() throws Exception {
        System.out.print(table(files, ours));
        return 0;
    }

    static String table(List<Path> files, String ours) throws Exception {
        // scenario -> server -> result
        Map<String, Map<String, JsonNode>> byScenario = new LinkedHashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString().replaceFirst("\\.json$", "");
            int dash = name.indexOf('-');
            if (dash < 0) throw new IllegalArgumentException(f + " is not named SERVER-SCENARIO.json");
            byScenario.computeIfAbsent(name.substring(dash + 1), k -> new LinkedHashMap<>()).put(name.substring(0, dash),
                    Main.mapper().readTree(Files.readAllBytes(f)));
        }
        StringBuilder b = new StringBuilder();
        b.append("| scenario | server | delivered/expected | errors |");
        for (Column c : COLUMNS) b.append(' ').append(c.title()).append(" |");
        b.append('\n').append("|---|---|---|---|");
        for (int i = 0; i < COLUMNS.size(); i++) b.append("---|");
        b.append('\n');
        for (var scenario : byScenario.entrySet()) {
            JsonNode mine = scenario.getValue().get(ours);
            for (var server : scenario.getValue().entrySet()) {
                JsonNode r = server.getValue();
                long errors = 0;
                for (JsonNode e : r.path("errors")) errors += e.asLong();
                b.append("| ").append(scenario.getKey()).append(" | ").append(server.getKey()).append(" | ")
                        .append(r.path("counts").path("delivered").asLong()).append('/').append(r.path("counts").path("expectedDeliveries").asLong())
                        .append(" | ").append(errors).append(" |");
                for (Column c : COLUMNS) {
                    Double v = c.value().apply(r);
                    b.append(' ').append(fmt(v));
                    if (mine != null && r != mine) {
                        Double o = c.value().apply(mine);
                        if (o != null && v != null && v != 0) b.append(String.format(Locale.ROOT, " (%.2f×)", o / v));
                    }
                    b.append(" |");
                }
                b.append('\n');
            }
        }
        b.append("\nIn parentheses: ").append(ours).append("'s figure divided by that server's. For deliveries/s and joins/s higher is better;")
                .append(" for times, CPU and memory lower is better.\n");
        return b.toString();
    }

    private static Double num(JsonNode r, String object, String field) {
        JsonNode n = r.path(object).path(field);
        return n.isNumber() ? n.asDouble() : null;
    }

    private static String fmt(Double v) {
        if (v == null) return "-";
        if (v >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
