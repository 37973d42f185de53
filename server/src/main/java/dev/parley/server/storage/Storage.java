package dev.parley.server.storage;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where a node keeps what outlives it: accounts, credentials and private XML, and the room journal and
 * snapshots. {@code parley.storage.type}: {@code h2}, embedded files in the data directory (one node, nothing
 * to install), or {@code postgresql}, one database shared by every node of a cluster. The same code serves
 * both: plain JDBC through connection pools for accounts, the journal ({@link Journal}) and the snapshots
 * ({@link SnapshotStore}), and the shipped, versioned DDL of {@link Schema} run on start.
 */
public final class Storage implements AutoCloseable {
    public enum Type { H2, POSTGRESQL }

    private final Type type;
    private final String accountsUrl;
    private final String journalUrl;
    private final String user;
    private final String password;
    private final int maxConnections;
    private HikariDataSource accounts;
    private HikariDataSource archive;

    private Storage(Type type, String accountsUrl, String journalUrl, String user, String password, int maxConnections) {
        this.type = type;
        this.accountsUrl = accountsUrl;
        this.journalUrl = journalUrl;
        this.user = user;
        this.password = password;
        this.maxConnections = maxConnections;
    }

    /** The storage the configuration names ({@code parley.storage}, documented in reference.conf). */
    public static Storage from(Config root, Path dataDir) {
        Config c = root.getConfig("parley.storage");
        String type = c.getString("type").trim().toLowerCase(java.util.Locale.ROOT);
        switch (type) {
            case "h2" -> {
                try {
                    Files.createDirectories(dataDir);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot create data directory " + dataDir, e);
                }
                Path dir = dataDir.toAbsolutePath();
                // two files, as before clusters: accounts in parley.mv.db, the journal in journal.mv.db. The accounts
                // in auto-server mode, so that scripts/users can open them while the node runs; that mode costs a TCP
                // server and a lock-file watchdog (two threads, waking every second) per database, so the journal,
                // which only the node opens, is without it (the file system's lock keeps others out). Each
                // database's page cache lives in the node's heap: h2.cache-size bounds it (H2's own default is 16 MB
                // per database, docs/footprint.md)
                String cache = ";CACHE_SIZE=" + h2CacheKb(c);
                return new Storage(Type.H2, "jdbc:h2:file:" + dir.resolve("parley") + ";AUTO_SERVER=TRUE" + cache,
                        "jdbc:h2:file:" + dir.resolve("journal") + cache, "parley", "", c.getInt("h2.max-connections"));
            }
            case "postgresql" -> {
                Config pg = c.getConfig("postgresql");
                String url = pg.getString("url");
                if (!url.startsWith("jdbc:postgresql:")) throw new IllegalArgumentException("parley.storage.postgresql.url must be a jdbc:postgresql: URL, not " + url);
                return new Storage(Type.POSTGRESQL, url, url, pg.getString("user"), pg.getString("password"), pg.getInt("max-connections"));
            }
            default -> throw new IllegalArgumentException("parley.storage.type must be 'h2' or 'postgresql', not '" + type + "'");
        }
    }

    /** {@code parley.storage.h2.cache-size} in KB, as H2's CACHE_SIZE takes it: at least 256 KB. */
    static long h2CacheKb(Config storage) {
        long kb = storage.getBytes("h2.cache-size") / 1024;
        if (kb < 256) throw new IllegalArgumentException("parley.storage.h2.cache-size must be at least 256 KiB, not " + storage.getString("h2.cache-size"));
        return kb;
    }

    public Type type() {
        return type;
    }

    /** The pool for accounts and private XML: opened on first use, and the schema brought up to date then. */
    public synchronized DataSource accounts() {
        if (accounts == null) {
            accounts = Jdbc.pool(accountsUrl, user, password, maxConnections, "parley-accounts");
            try {
                Schema.migrate(accounts, type, Schema.Component.ACCOUNTS);
            } catch (RuntimeException e) {
                accounts.close();
                accounts = null;
                throw e;
            }
        }
        return accounts;
    }

    /**
     * The pool for the rooms' message archive (XEP-0313), in the journal's database (the table sits beside the
     * events it is fed from): opened on first use; {@link #prepareJournal} has made the table.
     */
    public synchronized DataSource archive() {
        if (archive == null) {
            archive = Jdbc.pool(journalUrl, user, password, maxConnections, "parley-archive");
        }
        return archive;
    }

    /** Creates or updates the journal's tables (idempotent), before the journal plugin opens its own pool. */
    public void prepareJournal() {
        if (journalUrl.equals(accountsUrl)) {
            Schema.migrate(accounts(), type, Schema.Component.JOURNAL);
            return;
        }
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(journalUrl);
        h.setUsername(user);
        h.setPassword(password);
        h.setMaximumPoolSize(1);
        h.setPoolName("parley-journal-schema");
        try (HikariDataSource once = new HikariDataSource(h)) {
            Schema.migrate(once, type, Schema.Component.JOURNAL);
        }
    }

    /** Settings the journal ({@link Journal}) and the snapshot store ({@link SnapshotStore}) need for this storage. */
    public Map<String, Object> journalSettings() {
        Map<String, Object> m = new HashMap<>();
        m.put("parley-journal.url", journalUrl);
        m.put("parley-journal.user", user);
        m.put("parley-journal.password", password);
        m.put("parley-journal.max-connections", maxConnections);
        m.put("parley-journal.group-commit", type == Type.POSTGRESQL); // an H2 commit costs less than a hand-off
        if (type == Type.H2) {
            // Pekko's circuit breaker puts a timeout on the scheduler for every call to the journal, cancelled when the
            // call completes and kept on the scheduler's wheel until its deadline (call-timeout, 10 s): one entry per
            // message a room writes. On H2 a write is committed on the journal's actor before the call returns, so the
            // timeout cannot fire and is not set (a replay stays bounded by pekko.persistence.typed's
            // recovery-event-timeout). On PostgreSQL the writer's thread waits on the network: the timeout stays.
            m.put("parley-journal.circuit-breaker.call-timeout", "0s");
        }
        m.put("parley-snapshot-store.url", journalUrl);
        m.put("parley-snapshot-store.user", user);
        m.put("parley-snapshot-store.password", password);
        m.put("parley-snapshot-store.max-connections", maxConnections);
        return m;
    }

    @Override
    public synchronized void close() {
        if (accounts != null) accounts.close();
        if (archive != null) archive.close();
        accounts = null;
        archive = null;
    }
}
