package dev.parley.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL of the tests' own, as scripts/postgres starts one for a local cluster (Debian's PostgreSQL, its
 * data in a temporary directory, its own port): started once per test JVM, stopped when it exits; each caller
 * gets a fresh database in it. For the tests that run against both storage back ends.
 */
public final class PostgresFixture {
    private static Path dir;
    private static int port;

    private PostgresFixture() {}

    /** A new, empty database {@code name} (dropped first if a run before left it). */
    public static synchronized String database(String name) throws Exception {
        if (dir == null) start();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "parley", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** The address of database {@code name}, made before by {@link #database}. */
    public static synchronized String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** A node's settings for storage in database {@code name} of this PostgreSQL. */
    public static Map<String, Object> storage(String name) throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("parley.storage.type", "postgresql");
        m.put("parley.storage.postgresql.url", database(name));
        m.put("parley.storage.postgresql.user", "parley");
        m.put("parley.storage.postgresql.password", "");
        return m;
    }

    private static void start() throws Exception {
        port = FreePorts.pick();
        dir = Files.createTempDirectory("parley-pg");
        run("start");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run("stop");
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } catch (Exception e) {
                System.err.println("could not stop the tests' PostgreSQL in " + dir + ": " + e);
            }
        }));
    }

    private static void run(String command) throws IOException, InterruptedException {
        Path script = Path.of("..", "scripts", "postgres").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", script.toString(), command, dir.toString(), Integer.toString(port)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("scripts/postgres " + command + " failed: " + out);
    }
}
