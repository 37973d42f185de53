package dev.parley.server.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Each account's private XML (XEP-0049): one fragment per qualified name of its root element, kept as
 * serialised XML in the account database; an account's fragments go with it. Blocking, like {@link AccountStore}.
 */
public final class PrivateXmlStore {
    /** A fragment of at most this many characters (a bookmarks list of a few hundred rooms fits). */
    public static final int MAX_FRAGMENT_CHARS = 256 * 1024;

    private final DataSource pool;

    PrivateXmlStore(DataSource pool) {
        this.pool = pool;
    }

    /** The fragment stored under {@code namespace} and {@code name}, as XML. */
    public Optional<String> get(String username, String namespace, String name) {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT xml FROM private_xml WHERE username = ? AND namespace = ? AND name = ?")) {
            s.setString(1, AccountStore.normalize(username));
            s.setString(2, namespace);
            s.setString(3, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores fragments, each keyed by namespace and name of its root, replacing what was there, in one transaction. */
    public void put(String username, Map<Key, String> fragments) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            // a replace as delete and insert in one transaction: the same SQL on H2 and PostgreSQL
            try (PreparedStatement d = c.prepareStatement("DELETE FROM private_xml WHERE username = ? AND namespace = ? AND name = ?");
                    PreparedStatement s = c.prepareStatement("INSERT INTO private_xml (username, namespace, name, xml) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<Key, String> f : fragments.entrySet()) {
                    d.setString(1, AccountStore.normalize(username));
                    d.setString(2, f.getKey().namespace());
                    d.setString(3, f.getKey().name());
                    d.addBatch();
                    s.setString(1, AccountStore.normalize(username));
                    s.setString(2, f.getKey().namespace());
                    s.setString(3, f.getKey().name());
                    s.setString(4, f.getValue());
                    s.addBatch();
                }
                d.executeBatch();
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The qualified name of a fragment's root element. */
    public record Key(String namespace, String name) {}
}
