package dev.parley.server.storage;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rooms' journal: a Pekko persistence journal plugin on plain JDBC, writing the tables pekko-persistence-jdbc
 * 1.1.1 made and reads ({@code event_journal}, its "new" layout), row for row as that plugin writes them, so that
 * a journal written by either is read by the other. It replaced that plugin's journal (and {@link SnapshotStore} its
 * snapshot store) because a write went through an actor, a stream, a pool of Slick threads and a chain of futures before it was
 * committed: most of a node's CPU per message at light load. Here a write is serialised on the journal's actor
 * and committed by {@link JournalWriter}: on PostgreSQL by one thread that commits everything waiting at once, on
 * H2 at once by the actor itself (docs/footprint.md).
 *
 * <p>Replays and the highest sequence number are read on Pekko's blocking dispatcher. Deletion follows
 * pekko-persistence-jdbc: rows are marked deleted, and all but the highest deleted row removed, so that the
 * highest sequence number survives. Tags are not stored: a room's events carry none, and a tagged event is
 * rejected (the persist fails, the journal is untouched) rather than written without its tags.
 *
 * <p>Configuration (set by the node from {@code parley.storage}): {@code url}, {@code user}, {@code password},
 * {@code max-connections}, and {@code group-commit}: on for PostgreSQL (a thread of its own commits what waits
 * together), off for H2 (each write committed at once on the journal's actor), see {@link JournalWriter}.
 *
 * <p>Not final: a test holds back its answers to see a room while it writes (StashOverflowTest's GatedJournal).
 */
public class Journal extends AsyncWriteJournal {
    private static final String COLUMNS = "\"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\","
            + " \"event_payload\", \"event_ser_id\", \"event_ser_manifest\", \"meta_payload\", \"meta_ser_id\", \"meta_ser_manifest\"";
    private static final String REPLAY = "SELECT " + COLUMNS + " FROM \"event_journal\" WHERE \"persistence_id\" = ? AND \"deleted\" = FALSE"
            + " AND \"sequence_number\" >= ? AND \"sequence_number\" <= ? ORDER BY \"sequence_number\" LIMIT ?";
    private static final String HIGHEST = "SELECT MAX(\"sequence_number\") FROM \"event_journal\" WHERE \"persistence_id\" = ?";
    private static final String MARK_DELETED = "UPDATE \"event_journal\" SET \"deleted\" = TRUE WHERE \"persistence_id\" = ? AND \"sequence_number\" <= ?";
    private static final String HIGHEST_DELETED = "SELECT MAX(\"sequence_number\") FROM \"event_journal\" WHERE \"persistence_id\" = ? AND \"deleted\" = TRUE";
    private static final String DELETE = "DELETE FROM \"event_journal\" WHERE \"persistence_id\" = ? AND \"sequence_number\" <= ?";

    private final HikariDataSource database;
    private final JournalWriter writer;
    private final Serialization serialization;
    private final Executor blocking;

    public Journal(Config config) {
        this.database = Jdbc.pool(config.getString("url"), config.getString("user"), config.getString("password"),
                config.getInt("max-connections"), "parley-journal");
        this.writer = config.getBoolean("group-commit") ? JournalWriter.threaded(database, "parley-journal-writer") : JournalWriter.direct(database);
        this.serialization = SerializationExtension.get(context().system());
        this.blocking = context().system().dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher");
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        List<Optional<Exception>> results = new ArrayList<>();
        List<JournalWriter.Row> rows = new ArrayList<>();
        for (AtomicWrite write : messages) {
            // one AtomicWrite is all or nothing: serialised whole before any of it is queued
            List<JournalWriter.Row> own = new ArrayList<>(write.size());
            try {
                for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) own.add(row(repr));
            } catch (Exception rejected) {
                results.add(Optional.of(rejected)); // a rejection: the room is told, the journal untouched
                continue;
            }
            rows.addAll(own);
            results.add(Optional.empty());
        }
        if (rows.isEmpty()) return Future.<Iterable<Optional<Exception>>>successful(results);
        Iterable<Optional<Exception>> done = results;
        return FutureConverters.asScala(writer.write(rows).thenApply(v -> done));
    }

    private JournalWriter.Row row(PersistentRepr repr) {
        Object payload = repr.payload();
        if (payload instanceof Tagged) throw new IllegalArgumentException("this journal stores no tags: " + repr.persistenceId() + " #" + repr.sequenceNr());
        Serializer s = serialization.findSerializerFor(payload);
        byte[] bytes = serialization.serialize(payload).get(); // with the system as transport information (Jackson needs it)
        byte[] meta = null;
        Integer metaId = null;
        String metaManifest = null;
        if (repr.metadata().isDefined()) {
            Object m = repr.metadata().get();
            Serializer ms = serialization.findSerializerFor(m);
            meta = serialization.serialize(m).get();
            metaId = ms.identifier();
            metaManifest = Serializers.manifestFor(ms, m);
        }
        long timestamp = repr.timestamp() > 0 ? repr.timestamp() : System.currentTimeMillis();
        return new JournalWriter.Row(repr.persistenceId(), repr.sequenceNr(), repr.writerUuid(), timestamp, repr.manifest(),
                bytes, s.identifier(), Serializers.manifestFor(s, payload), meta, metaId, metaManifest);
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max, Consumer<PersistentRepr> replay) {
        if (max <= 0 || toSequenceNr < fromSequenceNr) return Future.successful(null);
        return blocking(() -> {
            try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(REPLAY)) {
                s.setString(1, persistenceId);
                s.setLong(2, fromSequenceNr);
                s.setLong(3, toSequenceNr);
                s.setLong(4, Math.min(max, Integer.MAX_VALUE));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) replay.accept(repr(r));
                }
            }
            return null;
        });
    }

    private PersistentRepr repr(ResultSet r) throws SQLException {
        String persistenceId = r.getString(1);
        long sequenceNr = r.getLong(2);
        Object payload = serialization.deserialize(r.getBytes(6), r.getInt(7), r.getString(8)).get();
        PersistentRepr repr = PersistentRepr.apply(payload, sequenceNr, persistenceId, Jdbc.nonNull(r.getString(5)), false, null, r.getString(3))
                .withTimestamp(r.getLong(4));
        byte[] meta = r.getBytes(9);
        if (meta != null) repr = repr.withMetadata(serialization.deserialize(meta, r.getInt(10), r.getString(11)).get());
        return repr;
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        return blocking(() -> {
            try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(HIGHEST)) {
                s.setString(1, persistenceId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L; // MAX of no rows is NULL, read as 0
                }
            }
        });
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        return blocking(() -> {
            try (Connection c = database.getConnection()) {
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement s = c.prepareStatement(MARK_DELETED)) {
                        s.setString(1, persistenceId);
                        s.setLong(2, toSequenceNr);
                        s.executeUpdate();
                    }
                    long highestDeleted;
                    try (PreparedStatement s = c.prepareStatement(HIGHEST_DELETED)) {
                        s.setString(1, persistenceId);
                        try (ResultSet r = s.executeQuery()) {
                            highestDeleted = r.next() ? r.getLong(1) : 0L;
                        }
                    }
                    // the highest deleted row stays (marked): the highest sequence number must outlive the deletion
                    try (PreparedStatement s = c.prepareStatement(DELETE)) {
                        s.setString(1, persistenceId);
                        s.setLong(2, highestDeleted - 1);
                        s.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            return null;
        });
    }

    private <T> Future<T> blocking(Jdbc.Work<T> work) {
        return Jdbc.blocking(blocking, work);
    }

    @Override
    public void postStop() throws Exception {
        writer.close();
        database.close();
        super.postStop();
    }
}
