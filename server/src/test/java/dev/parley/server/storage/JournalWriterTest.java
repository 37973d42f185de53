package dev.parley.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.parley.server.Node;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal's group commit (PostgreSQL's): what waits while a commit runs goes in the next one, whichever rooms
 * wrote it; and when a shared commit fails, only the write at fault fails (another room's events are never lost
 * with it). And the direct writer (H2's): each write committed before it returns, a failed one leaving nothing; a
 * connection closed meanwhile is replaced rather than failing the write that finds it closed.
 */
class JournalWriterTest {
    private Storage storage;
    private Gate gate;
    private JournalWriter writer;

    @BeforeEach
    void open() throws Exception {
        storage = Storage.from(ConfigFactory.parseMap(Map.of("parley.storage.type", "h2")).withFallback(Node.defaults()),
                Files.createTempDirectory("parley-journal-writer"));
        storage.prepareJournal();
        gate = new Gate(storage.archive()); // a pool on the journal's database
        writer = JournalWriter.threaded(gate, "test-journal-writer");
    }

    @AfterEach
    void close() {
        writer.close();
        storage.close();
    }

    @Test
    void whatWaitsDuringACommitGoesInTheNextOneWhicheverRoomsWroteIt() throws Exception {
        CompletableFuture<Void> first = writer.write(rows("Room|first", 1));
        gate.reached.await(10, TimeUnit.SECONDS); // the writer holds the first write, waiting for its connection
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) waiting.add(writer.write(rows("Room|r" + i, 1, 2)));
        gate.open.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> w : waiting) w.get(10, TimeUnit.SECONDS);
        assertThat(writer.writes.sum()).isEqualTo(11);
        assertThat(writer.commits.sum()).as("one commit for the first write, one for the ten that waited").isEqualTo(2);
        assertThat(count()).isEqualTo(21);
    }

    @Test
    void whenASharedCommitFailsOnlyTheWriteAtFaultFails() throws Exception {
        gate.open.countDown();
        writer.write(rows("Room|taken", 1)).get(10, TimeUnit.SECONDS);
        gate.reset();
        // a fresh writer, so that its first connection waits at the gate
        writer.close();
        writer = JournalWriter.threaded(gate, "test-journal-writer-2");
        CompletableFuture<Void> first = writer.write(rows("Room|a", 1));
        gate.reached.await(10, TimeUnit.SECONDS);
        CompletableFuture<Void> before = writer.write(rows("Room|b", 1, 2));
        CompletableFuture<Void> atFault = writer.write(rows("Room|taken", 1)); // written already: another node's, say
        CompletableFuture<Void> after = writer.write(rows("Room|c", 1));
        gate.open.countDown();
        first.get(10, TimeUnit.SECONDS);
        before.get(10, TimeUnit.SECONDS);
        after.get(10, TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> atFault.get(10, TimeUnit.SECONDS));
        assertThat(failed.getCause()).isInstanceOf(SQLException.class);
        assertThat(count()).as("Room|taken once, a, b twice, c").isEqualTo(5);
    }

    @Test
    void aDirectWriterCommitsOnItsCallersThreadAndAConflictFailsOnlyThatWrite() throws Exception {
        gate.open.countDown();
        try (JournalWriter direct = JournalWriter.direct(gate)) {
            CompletableFuture<Void> written = direct.write(rows("Room|d", 1, 2));
            assertThat(written).as("committed before write returned").isCompleted();
            assertThat(count()).isEqualTo(2);
            CompletableFuture<Void> conflict = direct.write(rows("Room|d", 2, 3)); // #2 is there: all or nothing
            assertThat(conflict).isCompletedExceptionally();
            assertThat(count()).as("#3 not written without #2").isEqualTo(2);
            assertThat(direct.write(rows("Room|d", 3))).isCompleted();
            assertThat(count()).isEqualTo(3);
            assertThat(direct.commits.sum()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionClosedBehindTheWritersBackIsReplacedAndNoWriteFails() throws Exception {
        gate.open.countDown();
        try (JournalWriter direct = JournalWriter.direct(gate)) {
            assertThat(direct.write(rows("Room|f", 1))).isCompleted();
            gate.last.close(); // as a restarted database or the network would
            CompletableFuture<Void> next = direct.write(rows("Room|f", 2));
            assertThat(next).isCompleted();
            assertThat(next.isCompletedExceptionally()).isFalse();
            assertThat(count()).isEqualTo(2);
        }
    }

    private static List<JournalWriter.Row> rows(String persistenceId, long... sequenceNrs) {
        List<JournalWriter.Row> rows = new ArrayList<>();
        for (long n : sequenceNrs) {
            rows.add(new JournalWriter.Row(persistenceId, n, "writer-uuid", 1L, "", ("event " + n).getBytes(StandardCharsets.UTF_8), 4, "", null, null, null));
        }
        return rows;
    }

    private long count() throws SQLException {
        try (Connection c = storage.archive().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A pool whose first connection is handed out only once the test opens the gate: the writer waits there, holding its first write. */
    private static final class Gate implements DataSource {
        private final DataSource pool;
        volatile CountDownLatch reached = new CountDownLatch(1);
        volatile CountDownLatch open = new CountDownLatch(1);
        private volatile boolean first = true;
        /** The connection handed out last. */
        volatile Connection last;

        Gate(DataSource pool) {
            this.pool = pool;
        }

        void reset() {
            reached = new CountDownLatch(1);
            open = new CountDownLatch(1);
            first = true;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (first) {
                first = false;
                reached.countDown();
                try {
                    if (!open.await(10, TimeUnit.SECONDS)) throw new SQLException("the test never opened the gate");
                } catch (InterruptedException e) {
                    throw new SQLException(e);
                }
            }
            last = pool.getConnection();
            return last;
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
