package dev.parley.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/** What the storage's classes share over JDBC: a connection pool, and a blocking call answered as Pekko's plugins want it. */
final class Jdbc {
    private Jdbc() {}

    /** A pool of at most {@code max} connections, one kept open when idle; waits up to 30 s for the database at start. */
    static HikariDataSource pool(String url, String user, String password, int max, String name) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(url);
        h.setUsername(user);
        h.setPassword(password);
        h.setMaximumPoolSize(max);
        h.setMinimumIdle(1);
        h.setPoolName(name);
        h.setInitializationFailTimeout(30_000);
        return new HikariDataSource(h);
    }

    /** Work that blocks on the database. */
    interface Work<T> {
        T run() throws Exception;
    }

    /** {@code work} run on {@code blocking} (Pekko's blocking dispatcher), its result or failure as a Scala future. */
    static <T> Future<T> blocking(Executor blocking, Work<T> work) {
        return FutureConverters.asScala(CompletableFuture.supplyAsync(() -> {
            try {
                return work.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, blocking));
    }

    /** A column the other plugin may have left NULL where Pekko wants a string. */
    static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
