package dev.parley.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the node runs on, as the JVM itself reports it: the Java version, the collector, whether objects have compact
 * headers (Java 25 and later, JEP 519) and whether an AOT cache is mapped (JEP 483/514/515, made by scripts/aot-cache).
 * Printed when the node starts: the launcher chooses these (scripts/lib/java.sh), and a cache made for another jar or
 * another Java is skipped by the JVM with only a line of its own in the log.
 */
public final class JavaRuntime {
    private JavaRuntime() {}

    /** One line, e.g. "Java 25.0.3 (Eclipse Adoptium), G1, compact object headers, AOT cache server/target/parley-server.aot". */
    public static String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        parts.add(collector());
        if (vmOption("UseCompactObjectHeaders").map(Boolean::parseBoolean).orElse(false)) parts.add("compact object headers");
        String cache = vmOption("AOTCache").orElse("");
        if (!cache.isEmpty()) {
            parts.add(mapped(cache) ? "AOT cache " + cache : "AOT cache " + cache + " NOT USED (made for another jar or Java: scripts/aot-cache)");
        }
        return String.join(", ", parts);
    }

    /** Whether the AOT cache at {@code cache} is mapped into this process (Linux: /proc/self/maps); false where that cannot be read. */
    static boolean mapped(String cache) {
        try {
            return mapsFile(Files.readString(Path.of("/proc/self/maps")), Path.of(cache).toAbsolutePath().normalize().toString());
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a /proc/PID/maps listing has a mapping of the file {@code path} (the last field of a line). */
    static boolean mapsFile(String maps, String path) {
        for (String line : maps.split("\n")) {
            if (line.endsWith(" " + path)) return true;
        }
        return false;
    }

    private static String collector() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) names.add(gc.getName());
        String all = String.join(" ", names);
        if (all.contains("G1")) return "G1";
        if (all.contains("ZGC")) return "ZGC";
        if (all.contains("Shenandoah")) return "Shenandoah";
        if (all.contains("PS ")) return "Parallel";
        if (all.contains("Copy") || all.contains("MarkSweepCompact")) return "Serial";
        return all;
    }

    /** A HotSpot option's value; empty on a JVM that does not have it (UseCompactObjectHeaders before Java 24). */
    static Optional<String> vmOption(String name) {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null ? Optional.empty() : Optional.of(hotspot.getVMOption(name).getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
