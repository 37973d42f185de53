package dev.parley.server.storage;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.Option;
import scala.concurrent.Future;

/**
 * The rooms' snapshots: a Pekko persistence snapshot-store plugin on plain JDBC, writing the table pekko-persistence-jdbc
 * 1.1.1 made and reads ({@code snapshot}, its "new" layout), row for row as that plugin writes it, so that a
 * snapshot written by either is loaded by the other. It replaced that plugin's snapshot store, the last use of
 * the plugin on a node: with it went Slick, Scala's reflection library and a pool of Slick threads, about 1,200
 * classes a node loaded (a room loads its snapshot before it replays its journal, docs/footprint.md).
 *
 * <p>A room snapshots every 200 events and on recovery loads the latest one, so every statement runs on Pekko's
 * blocking dispatcher, not on the store's actor. The selection criteria are honoured whole (the highest and the
 * lowest sequence number and timestamp); a snapshot is saved as an upsert: a room saving again at the same
 * sequence number replaces its row. Deleting one snapshot deletes it by sequence number, as the other plugin does.
 *
 * <p>Configuration (set by the node from {@code parley.storage}, {@link Storage#journalSettings}): {@code url},
 * {@code user}, {@code password}, {@code max-connections}.
 */
public final class SnapshotStore extends org.apache.pekko.persistence.snapshot.japi.SnapshotStore {
    private static final String COLUMNS = "\"persistence_id\", \"sequence_number\", \"created\", \"snapshot_ser_id\", \"snapshot_ser_manifest\","
            + " \"snapshot_payload\", \"meta_ser_id\", \"meta_ser_manifest\", \"meta_payload\"";
    private static final String WITHIN = "\"persistence_id\" = ? AND \"sequence_number\" <= ? AND \"sequence_number\" >= ?"
            + " AND \"created\" <= ? AND \"created\" >= ?";
    private static final String LOAD = "SELECT " + COLUMNS + " FROM \"snapshot\" WHERE " + WITHIN + " ORDER BY \"sequence_number\" DESC LIMIT 1";
    private static final String DELETE_ONE = "DELETE FROM \"snapshot\" WHERE \"persistence_id\" = ? AND \"sequence_number\" = ?";
    private static final String DELETE_WITHIN = "DELETE FROM \"snapshot\" WHERE " + WITHIN;
    private static final String INSERT = "INSERT INTO \"snapshot\" (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final HikariDataSource database;
    private final Serialization serialization;
    private final Executor blocking;

    public SnapshotStore(Config config) {
        this.database = Jdbc.pool(config.getString("url"), config.getString("user"), config.getString("password"),
                config.getInt("max-connections"), "parley-snapshots");
        this.serialization = SerializationExtension.get(context().system());
        this.blocking = context().system().dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher");
    }

    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return blocking(() -> {
            try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(LOAD)) {
                within(s, persistenceId, criteria);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(selected(r)) : Optional.<SelectedSnapshot>empty();
                }
            }
        });
    }

    private SelectedSnapshot selected(ResultSet r) throws SQLException {
        Object snapshot = serialization.deserialize(r.getBytes(6), r.getInt(4), Jdbc.nonNull(r.getString(5))).get();
        SnapshotMetadata metadata = SnapshotMetadata.apply(r.getString(1), r.getLong(2), r.getLong(3));
        byte[] meta = r.getBytes(9);
        int metaId = r.getInt(7);
        if (meta != null && !r.wasNull()) {
            metadata = metadata.withMetadata(serialization.deserialize(meta, metaId, Jdbc.nonNull(r.getString(8))).get());
        }
        return SelectedSnapshot.create(metadata, snapshot);
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        // serialised before the hand-off: a snapshot that cannot be serialised fails its save and touches no row
        Serializer s;
        byte[] bytes;
        String manifest;
        Serializer ms = null;
        byte[] meta = null;
        String metaManifest = null;
        try {
            s = serialization.findSerializerFor(snapshot);
            bytes = serialization.serialize(snapshot).get();
            manifest = Serializers.manifestFor(s, snapshot);
            Option<Object> m = metadata.metadata();
            if (m.isDefined()) {
                ms = serialization.findSerializerFor(m.get());
                meta = serialization.serialize(m.get()).get();
                metaManifest = Serializers.manifestFor(ms, m.get());
            }
        } catch (Exception e) { // Scala's Try.get rethrows what it holds, checked or not
            return scala.concurrent.Future$.MODULE$.failed(e);
        }
        Serializer metaSerializer = ms;
        byte[] metaBytes = meta;
        String metaManifestOf = metaManifest;
        return blocking(() -> {
            try (Connection c = database.getConnection()) {
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement d = c.prepareStatement(DELETE_ONE)) {
                        d.setString(1, metadata.persistenceId());
                        d.setLong(2, metadata.sequenceNr());
                        d.executeUpdate();
                    }
                    try (PreparedStatement i = c.prepareStatement(INSERT)) {
                        i.setString(1, metadata.persistenceId());
                        i.setLong(2, metadata.sequenceNr());
                        i.setLong(3, metadata.timestamp());
                        i.setInt(4, s.identifier());
                        i.setString(5, manifest);
                        i.setBytes(6, bytes);
                        if (metaSerializer == null) {
                            i.setNull(7, Types.INTEGER);
                            i.setNull(8, Types.VARCHAR);
                            i.setNull(9, Types.VARBINARY);
                        } else {
                            i.setInt(7, metaSerializer.identifier());
                            i.setString(8, metaManifestOf);
                            i.setBytes(9, metaBytes);
                        }
                        i.executeUpdate();
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

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        return update(DELETE_ONE, s -> {
            s.setString(1, metadata.persistenceId());
            s.setLong(2, metadata.sequenceNr());
        });
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return update(DELETE_WITHIN, s -> within(s, persistenceId, criteria));
    }

    private static void within(PreparedStatement s, String persistenceId, SnapshotSelectionCriteria criteria) throws SQLException {
        s.setString(1, persistenceId);
        s.setLong(2, criteria.maxSequenceNr());
        s.setLong(3, criteria.minSequenceNr());
        s.setLong(4, criteria.maxTimestamp());
        s.setLong(5, criteria.minTimestamp());
    }

    private interface Parameters {
        void set(PreparedStatement s) throws SQLException;
    }

    private Future<Void> update(String sql, Parameters parameters) {
        return blocking(() -> {
            try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                parameters.set(s);
                s.executeUpdate();
            }
            return null;
        });
    }

    private <T> Future<T> blocking(Jdbc.Work<T> work) {
        return Jdbc.blocking(blocking, work);
    }

    @Override
    public void postStop() throws Exception {
        database.close();
        super.postStop();
    }
}
