package dev.parley.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rooms' journal rows, in one of two ways ({@code parley-journal.group-commit}, set by the node from
 * its storage):
 * <ul>
 *   <li>{@link #threaded}, for PostgreSQL, where a commit is a round trip to the server: one thread of its own, and
 *       everything waiting when it wakes goes in one transaction, whichever rooms it came from (a node-wide group
 *       commit). At light load that is one hand-off to this thread and one back per write, with no stream, pool or
 *       future chain in between; under load, many rooms' events share one commit.</li>
 *   <li>{@link #direct}, for the embedded H2, where a commit is a little CPU and no I/O (H2 writes its file from a
 *       thread of its own, every half second): each write is committed at once, on the caller's thread, so a
 *       message costs no hand-off at all. The caller must be one thread at a time: the journal's actor.</li>
 * </ul>
 *
 * <p>One room's failure does not fail the others': when a shared transaction fails (a row another node wrote
 * first, the only failure a healthy database gives), it is rolled back and each write is tried again in a
 * transaction of its own, so only the write at fault fails, and only its room stops.
 */
final class JournalWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);

    /** At most this many writes share a transaction: bounds one commit's work when a backlog has built up. */
    static final int MAX_WRITES_PER_COMMIT = 256;

    /** The names are quoted: the tables were made with lower-case quoted names, which H2 would otherwise upper-case. */
    static final String INSERT = "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"deleted\", \"writer\", \"write_timestamp\","
            + " \"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\", \"meta_payload\", \"meta_ser_id\", \"meta_ser_manifest\")"
            + " VALUES (?, ?, FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** One event as the journal's table holds it. The metadata columns are null when the event has none. */
    record Row(String persistenceId, long sequenceNr, String writer, long timestamp, String adapterManifest,
            byte[] payload, int serializerId, String serializerManifest, byte[] metaPayload, Integer metaSerializerId, String metaSerializerManifest) {}

    /** One write of the journal (a room's events of one persist), all or nothing, and the future its caller waits on. */
    private record Write(List<Row> rows, CompletableFuture<Void> done) {}

    private static final Write STOP = new Write(List.of(), new CompletableFuture<>());

    private final DataSource database;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    /** Only the writer's thread (a direct writer's caller) touches these. */
    private Connection connection;
    private PreparedStatement insert;
    /** Writes done and the transactions they took (the group commit's measure). */
    final LongAdder writes = new LongAdder();
    final LongAdder commits = new LongAdder();

    private JournalWriter(DataSource database, String threadName) {
        this.database = database;
        if (threadName == null) {
            this.thread = null;
        } else {
            this.thread = new Thread(this::run, threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A writer with a thread of its own, {@code name}, committing what waits together. */
    static JournalWriter threaded(DataSource database, String name) {
        return new JournalWriter(database, name);
    }

    /** A writer that commits each write at once on its caller's thread (one caller at a time). */
    static JournalWriter direct(DataSource database) {
        return new JournalWriter(database, null);
    }

    /**
     * Writes {@code rows} in one transaction: the future completes once they are committed, or fails with the reason.
     * A direct writer returns it completed.
     */
    CompletableFuture<Void> write(List<Row> rows) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (stopped) {
            done.completeExceptionally(new IllegalStateException("the journal is stopped"));
            return done;
        }
        Write w = new Write(rows, done);
        if (thread == null) {
            commit(List.of(w));
        } else {
            queue.add(w);
        }
        return done;
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_WRITES_PER_COMMIT - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) commit(batch);
            batch.clear();
            if (stop) break;
        }
        disconnect();
        Write left;
        while ((left = queue.poll()) != null) left.done().completeExceptionally(new IllegalStateException("the journal is stopped"));
    }

    private void commit(List<Write> batch) {
        commit(batch, true);
    }

    /**
     * {@code mayReconnect}: the connection is kept between commits, so one the database or the network closed meanwhile
     * (a PostgreSQL restarted) is found only by the next commit; that commit is then made again, once, on a new one.
     */
    private void commit(List<Write> batch, boolean mayReconnect) {
        Connection c;
        try {
            c = connection();
        } catch (SQLException | RuntimeException noConnection) {
            log.warn("journal: no connection to the database: {}", noConnection.toString());
            for (Write w : batch) w.done().completeExceptionally(noConnection);
            return;
        }
        try {
            insert(batch);
            c.commit();
            commits.increment();
            for (Write w : batch) succeeded(w);
        } catch (SQLException | RuntimeException shared) {
            if (!rollback()) {
                if (mayReconnect) {
                    commit(batch, false);
                    return;
                }
                for (Write w : batch) w.done().completeExceptionally(shared);
                return;
            }
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(shared);
                return;
            }
            // each on its own: only the write at fault fails
            for (Write w : batch) {
                try {
                    insert(List.of(w));
                    c.commit();
                    commits.increment();
                    succeeded(w);
                } catch (SQLException | RuntimeException own) {
                    w.done().completeExceptionally(own);
                    if (!rollback()) {
                        for (Write rest : batch) if (!rest.done().isDone()) rest.done().completeExceptionally(own);
                        return;
                    }
                }
            }
        }
    }

    /**
     * The writer's own connection and statement, kept between commits (a commit at light load is then an insert and
     * a commit, no pool or parse in between); opened again after a failure closed them.
     */
    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = database.getConnection();
            try {
                c.setAutoCommit(false);
                insert = c.prepareStatement(INSERT);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /** Rolls back; false when the connection could not, and was given up (the next commit opens another). */
    private boolean rollback() {
        try {
            insert.clearBatch(); // what a failed batch left
            connection.rollback();
            return true;
        } catch (SQLException e) {
            log.warn("journal: rollback failed, opening a new connection: {}", e.toString());
            disconnect();
            return false;
        }
    }

    private void disconnect() {
        try {
            if (connection != null) connection.close(); // closes the statement, returns the connection to its pool
        } catch (SQLException e) {
            log.debug("journal: closing the connection: {}", e.toString());
        }
        connection = null;
        insert = null;
    }

    private void succeeded(Write w) {
        writes.increment();
        w.done().complete(null);
    }

    private void insert(List<Write> writes) throws SQLException {
        PreparedStatement s = insert;
        int rows = 0;
        for (Write w : writes) {
            for (Row r : w.rows()) {
                s.setString(1, r.persistenceId());
                s.setLong(2, r.sequenceNr());
                s.setString(3, r.writer());
                s.setLong(4, r.timestamp());
                s.setString(5, r.adapterManifest());
                s.setBytes(6, r.payload());
                s.setInt(7, r.serializerId());
                s.setString(8, r.serializerManifest());
                if (r.metaPayload() == null) {
                    s.setNull(9, Types.VARBINARY);
                    s.setNull(10, Types.INTEGER);
                    s.setNull(11, Types.VARCHAR);
                } else {
                    s.setBytes(9, r.metaPayload());
                    s.setInt(10, r.metaSerializerId());
                    s.setString(11, r.metaSerializerManifest());
                }
                if (writes.size() == 1 && w.rows().size() == 1) {
                    s.executeUpdate(); // the common case at light load: one event, no batch to build
                    return;
                }
                s.addBatch();
                rows++;
            }
        }
        if (rows > 0) s.executeBatch();
    }

    /** Stops once the writes already queued are done; later writes fail at once. A direct writer: on its caller's thread. */
    @Override
    public void close() {
        stopped = true;
        if (thread == null) {
            disconnect();
            return;
        }
        queue.add(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
