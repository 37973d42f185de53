package dev.parley.server.archive;

import dev.parley.protocol.xml.Element;
import dev.parley.protocol.xml.XmlWriter;
import dev.parley.server.wire.ElementJacksonModule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * The rooms' message archive in the journal's database (table {@code muc_archive}, schema journal V3; the same
 * SQL on H2 and PostgreSQL). Every query is answered from an index whatever the archive's size: a page is a range
 * of the primary key (room, position), ids are found through (room, stanza_id), times through (room, stamp,
 * position) — a room's times never go back (the room sees to it), so a time bound is a position bound — and a
 * publisher through (room, nick, position) or (room, sender_bare, position). Blocking: called on the archive's
 * own threads ({@link Archive}).
 */
public final class ArchiveStore {
    private static final String COLUMNS = "position, stanza_id, stamp, nick, sender, stanza";

    private final DataSource pool;

    public ArchiveStore(DataSource pool) {
        this.pool = pool;
    }

    /**
     * What a query selects, before paging: positions strictly between {@code after} and {@code before} (0 and
     * {@link Long#MAX_VALUE} for no bound), times within [start, end] (null for no bound), one publisher (by nickname
     * or by real bare JID) and only the given ids (empty: any).
     */
    public record Selection(long after, long before, Instant start, Instant end, String nick, String senderBare, List<String> ids) {
        public static final Selection ALL = new Selection(0, Long.MAX_VALUE, null, null, null, null, List.of());

        public Selection {
            ids = List.copyOf(ids);
        }
    }

    /** Adds messages; one already there (the same room and position: written again after a restart) is left as it is. */
    public void append(List<ArchivedMessage> rows) {
        if (rows.isEmpty()) return;
        String sql = "INSERT INTO muc_archive (room, position, stanza_id, stamp, nick, sender_bare, sender, stanza) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (ArchivedMessage m : rows) {
                    bind(p, m);
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
                return;
            } catch (SQLException e) {
                c.rollback();
                if (!duplicate(e)) throw e;
            } finally {
                c.setAutoCommit(true);
            }
            // some were there already: one by one, keeping those
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (ArchivedMessage m : rows) {
                    bind(p, m);
                    try {
                        p.executeUpdate();
                    } catch (SQLException e) {
                        if (!duplicate(e)) throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot archive " + rows.size() + " messages: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement p, ArchivedMessage m) throws SQLException {
        p.setString(1, m.room());
        p.setLong(2, m.position());
        p.setString(3, m.stanzaId());
        p.setLong(4, m.stamp().toEpochMilli());
        p.setString(5, m.nick());
        p.setString(6, m.senderBare());
        p.setString(7, m.sender());
        p.setBytes(8, XmlWriter.toBytes(m.message()));
    }

    /** Unique violation (SQLSTATE 23505, on H2 and PostgreSQL alike), in the exception or a batch's next one. */
    private static boolean duplicate(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) if ("23505".equals(x.getSQLState())) return true;
        return false;
    }

    /** Replaces an archived message (by its stanza id) with its tombstone; whether it was there. */
    public boolean replace(String room, String stanzaId, Element tombstone) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("UPDATE muc_archive SET stanza = ? WHERE room = ? AND stanza_id = ?")) {
            p.setBytes(1, XmlWriter.toBytes(tombstone));
            p.setString(2, room);
            p.setString(3, stanzaId);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets a room's archive (the room was destroyed); how many messages went. */
    public int deleteRoom(String room) {
        return update("DELETE FROM muc_archive WHERE room = ?", room);
    }

    /** Retention: forgets every message older than {@code before}, the oldest of each room (XEP-0313 §3.2: no holes). */
    public int deleteOlderThan(Instant before) {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement("DELETE FROM muc_archive WHERE stamp < ?")) {
            p.setLong(1, before.toEpochMilli());
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int update(String sql, String room) {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, room);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last position archived for the room, 0 for none. */
    public long lastPosition(String room) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement(LAST_POSITION)) {
            p.setString(1, room);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The position of the message with this stanza id, or -1 when the room's archive has none. */
    public long positionOf(String room, String stanzaId) {
        ArchivedMessage m = byStanzaId(room, stanzaId);
        return m == null ? -1 : m.position();
    }

    /** The archived message with this stanza id, or null. */
    public ArchivedMessage byStanzaId(String room, String stanzaId) {
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM muc_archive WHERE room = ? AND stanza_id = ?")) {
            p.setString(1, room);
            p.setString(2, stanzaId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? read(room, r) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The room's first (oldest) or last message, or null for an empty archive (XEP-0313 §5). */
    public ArchivedMessage end(String room, boolean last) {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                + " FROM muc_archive WHERE room = ? ORDER BY " + order(null, null, last) + " LIMIT 1")) {
            p.setString(1, room);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? read(room, r) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Up to {@code limit} selected messages, in the room's order: the first ones, or with {@code fromEnd} the last
     * ones (a page counted back from its end, RSM {@code <before/>}).
     */
    public List<ArchivedMessage> page(String room, Selection s, boolean fromEnd, int limit) {
        try (Connection c = pool.getConnection()) {
            long[] bounds = bounds(c, room, s);
            if (bounds == null) return List.of();
            if (!s.ids().isEmpty()) {
                List<ArchivedMessage> found = byIds(c, room, s, bounds);
                if (found.size() > limit) found = fromEnd ? found.subList(found.size() - limit, found.size()) : found.subList(0, limit);
                return found;
            }
            List<Object> args = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(pageSql(room, s, bounds, fromEnd, args))) {
                int i = set(p, args);
                p.setInt(i, limit);
                List<ArchivedMessage> out = new ArrayList<>(Math.min(limit, 256));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) out.add(read(room, r));
                }
                if (fromEnd) Collections.reverse(out);
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query of a page (its arguments added to {@code args}, then the limit): package-private for its plan's test. */
    static String pageSql(String room, Selection s, long[] bounds, boolean fromEnd, List<Object> args) {
        return "SELECT " + COLUMNS + " FROM muc_archive WHERE " + where(room, s, bounds, args) + " ORDER BY " + order(s.nick(), s.senderBare(), fromEnd)
                + " LIMIT ?";
    }

    static final String LAST_POSITION = "SELECT position FROM muc_archive WHERE room = ? ORDER BY room DESC, position DESC LIMIT 1";
    static final String FIRST_AT = "SELECT position FROM muc_archive WHERE room = ? AND stamp >= ? ORDER BY room, stamp, position LIMIT 1";
    static final String LAST_AT = "SELECT position FROM muc_archive WHERE room = ? AND stamp <= ? ORDER BY room DESC, stamp DESC, position DESC LIMIT 1";

    /** How many messages are selected (RSM's count, asked for with {@code <max>0</max>}: XEP-0059 §2.7). */
    public long count(String room, Selection s) {
        try (Connection c = pool.getConnection()) {
            long[] bounds = bounds(c, room, s);
            if (bounds == null) return 0;
            if (!s.ids().isEmpty()) return byIds(c, room, s, bounds).size();
            List<Object> args = new ArrayList<>();
            String where = where(room, s, bounds, args);
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM muc_archive WHERE " + where)) {
                set(p, args);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The selection's position bounds (exclusive), the times turned into positions through the (room, stamp,
     * position) index; null when the times select nothing.
     */
    private static long[] bounds(Connection c, String room, Selection s) throws SQLException {
        long after = s.after(), before = s.before();
        if (s.start() != null) {
            long first = edge(c, FIRST_AT, room, s.start());
            if (first < 0) return null;
            after = Math.max(after, first - 1);
        }
        if (s.end() != null) {
            long last = edge(c, LAST_AT, room, s.end());
            if (last < 0) return null;
            before = Math.min(before, last + 1);
        }
        return after + 1 >= before ? null : new long[] {after, before};
    }

    private static long edge(Connection c, String sql, String room, Instant at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, room);
            p.setLong(2, at.toEpochMilli());
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    /**
     * The room's order, spelt with the columns of the index that serves the query, the ones fixed by the query
     * first: H2 reads an index in order (no sort) only when the ORDER BY names its leading columns too.
     */
    private static String order(String nick, String senderBare, boolean descending) {
        String d = descending ? " DESC" : "";
        String prefix = nick != null ? "room" + d + ", nick" + d + ", " : senderBare != null ? "room" + d + ", sender_bare" + d + ", " : "room" + d + ", ";
        return prefix + "position" + d;
    }

    /**
     * A selection by ids: each looked up in the (room, stanza_id) index (H2 uses an index for an IN list on its first
     * column only), the rest of the selection applied to those few, in the room's order.
     */
    private static List<ArchivedMessage> byIds(Connection c, String room, Selection s, long[] bounds) throws SQLException {
        List<ArchivedMessage> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM muc_archive WHERE room = ? AND stanza_id = ?")) {
            for (String id : new java.util.LinkedHashSet<>(s.ids())) {
                p.setString(1, room);
                p.setString(2, id);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) continue;
                    ArchivedMessage m = read(room, r);
                    if (m.position() <= bounds[0] || m.position() >= bounds[1]) continue;
                    if (s.nick() != null && !s.nick().equals(m.nick())) continue;
                    if (s.senderBare() != null && !s.senderBare().equals(m.senderBare())) continue;
                    out.add(m);
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(ArchivedMessage::position));
        return out;
    }

    static String where(String room, Selection s, long[] bounds, List<Object> args) {
        StringBuilder w = new StringBuilder("room = ?");
        args.add(room);
        if (bounds[0] > 0) {
            w.append(" AND position > ?");
            args.add(bounds[0]);
        }
        if (bounds[1] != Long.MAX_VALUE) {
            w.append(" AND position < ?");
            args.add(bounds[1]);
        }
        if (s.nick() != null) {
            w.append(" AND nick = ?");
            args.add(s.nick());
        }
        if (s.senderBare() != null) {
            w.append(" AND sender_bare = ?");
            args.add(s.senderBare());
        }
        return w.toString();
    }

    private static int set(PreparedStatement p, List<Object> args) throws SQLException {
        int i = 1;
        for (Object a : args) {
            if (a instanceof Long l) p.setLong(i++, l);
            else p.setString(i++, (String) a);
        }
        return i;
    }

    private static ArchivedMessage read(String room, ResultSet r) throws SQLException {
        return new ArchivedMessage(room, r.getLong(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)), r.getString(4), r.getString(5),
                ElementJacksonModule.parseStanza(r.getBytes(6)));
    }
}
