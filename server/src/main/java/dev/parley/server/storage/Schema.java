package dev.parley.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The database schema, as shipped DDL scripts under {@code db/<h2|postgresql>/<component>/V<n>__*.sql} (in
 * the jar, readable by a DBA), applied in order on start. Applied versions are recorded per component in
 * {@code parley_schema}, so starting again applies nothing and a new version applies only itself. On
 * PostgreSQL the nodes of a cluster may start together: a transaction-level advisory lock makes them apply
 * a version one at a time (the others then find it recorded). Every statement is idempotent as well.
 */
public final class Schema {
    /** A set of tables with its own versions: the accounts' and the journal's (two files on H2, one database on PostgreSQL). */
    public enum Component {
        ACCOUNTS("accounts", List.of("V1__accounts.sql", "V2__service_bans.sql")),
        JOURNAL("journal", List.of("V1__journal.sql", "V2__inline_payloads.sql", "V3__muc_archive.sql"));

        final String dir;
        final List<String> scripts;

        Component(String dir, List<String> scripts) {
            this.dir = dir;
            this.scripts = scripts;
        }
    }

    private Schema() {}

    /** The version a script file name carries: V3__x.sql is 3. */
    static int versionOf(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    public static void migrate(DataSource db, Storage.Type type, Component component) {
        String folder = "db/" + (type == Storage.Type.H2 ? "h2" : "postgresql") + "/" + component.dir + "/";
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS parley_schema (component VARCHAR(64) NOT NULL, version INT NOT NULL, "
                        + "script VARCHAR(255) NOT NULL, applied TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (component, version))");
            } catch (SQLException e) {
                // two nodes creating the table at once on PostgreSQL: one wins, the other finds it
                if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) throw e;
            }
            for (String script : component.scripts) {
                int version = versionOf(script);
                c.setAutoCommit(false);
                try {
                    if (type == Storage.Type.POSTGRESQL) {
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT pg_advisory_xact_lock(7352901)"); // Parley's schema lock, released at commit
                        }
                    }
                    if (!applied(c, component, version)) {
                        try (Statement s = c.createStatement()) {
                            for (String sql : statements(read(folder + script))) s.execute(sql);
                        }
                        try (PreparedStatement p = c.prepareStatement("INSERT INTO parley_schema (component, version, script) VALUES (?, ?, ?)")) {
                            p.setString(1, component.dir);
                            p.setInt(2, version);
                            p.setString(3, script);
                            p.executeUpdate();
                        }
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot bring the " + component.dir + " schema up to date: " + e.getMessage(), e);
        }
    }

    private static boolean applied(Connection c, Component component, int version) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM parley_schema WHERE component = ? AND version = ?")) {
            p.setString(1, component.dir);
            p.setInt(2, version);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    static String read(String resource) {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing schema script " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statements of a script: split at semicolons ending a line; lines starting with -- are comments. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) continue;
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        return out;
    }
}
