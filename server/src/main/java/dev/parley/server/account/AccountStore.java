package dev.parley.server.account;

import com.ongres.scram.common.ScramMechanism;
import dev.parley.protocol.jid.Localpart;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import dev.parley.server.storage.Storage;
import javax.sql.DataSource;

/**
 * The persistent account store, in the node's {@link Storage} (an H2 file in the data directory, or the
 * cluster's PostgreSQL database), holding per account the salted SCRAM credentials for SHA-1 and SHA-256
 * (RFC 5802, RFC 7677), never a password.
 *
 * <p>Usernames are normalised as JID localparts (RFC 7622, UsernameCaseMapped), so "Juliet" and
 * "juliet" are one account. Every method blocks on the database: call it from a blocking dispatcher,
 * never from a Netty event loop or an ordinary actor. {@code scripts/users} can change accounts while
 * the node runs (H2's auto-server mode, or PostgreSQL itself).
 */
public final class AccountStore implements CredentialLookup, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Storage storage;
    private final DataSource pool;
    private final int iterations;
    private final PrivateXmlStore privateXml;
    private final ServiceBanStore serviceBans;

    /** The accounts in {@code storage} (its schema brought up to date when the pool opens). */
    public AccountStore(Storage storage, int iterations) {
        this.storage = storage;
        this.pool = storage.accounts();
        this.iterations = iterations;
        this.privateXml = new PrivateXmlStore(pool);
        this.serviceBans = new ServiceBanStore(pool);
    }

    /** The accounts' private XML (XEP-0049), removed with the account. */
    public ServiceBanStore serviceBans() {
        return serviceBans;
    }

    public PrivateXmlStore privateXml() {
        return privateXml;
    }

    /** The username as stored: the normalised localpart; throws {@code JidFormatException} when invalid. */
    public static String normalize(String username) {
        return Localpart.of(username).value();
    }

    /** What is stored for a password: a fresh salt, and the SCRAM keys for both hashes. */
    private record Secrets(byte[] salt, ScramCredentials sha1, ScramCredentials sha256) {}

    private Secrets derive(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Secrets(salt, ScramCredentials.derive(ScramMechanism.SCRAM_SHA_1, password, salt, iterations),
                ScramCredentials.derive(ScramMechanism.SCRAM_SHA_256, password, salt, iterations));
    }

    /** Binds salt, iterations and the four keys to parameters {@code first}..{@code first+5}. */
    private void bind(PreparedStatement s, int first, Secrets x) throws SQLException {
        s.setString(first, b64(x.salt()));
        s.setInt(first + 1, iterations);
        s.setString(first + 2, b64(x.sha1().storedKey()));
        s.setString(first + 3, b64(x.sha1().serverKey()));
        s.setString(first + 4, b64(x.sha256().storedKey()));
        s.setString(first + 5, b64(x.sha256().serverKey()));
    }

    /** Creates an account; false when it already exists. */
    public boolean create(String username, String password) {
        String user = normalize(username);
        // a name that is taken costs a lookup, not the key derivation (two PBKDF2 runs): a registration
        // for an existing name is common (clients that register on every start) and must stay cheap
        if (exists(user)) return false;
        Secrets secrets = derive(password);
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO account (username, salt, iterations, sha1_stored_key, "
                        + "sha1_server_key, sha256_stored_key, sha256_server_key) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, user);
            bind(s, 2, secrets);
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) return false; // unique violation: registered meanwhile (SQL standard state, H2 and PostgreSQL)
            throw new IllegalStateException(e);
        }
    }

    /** Sets a new password; false when there is no such account. */
    public boolean changePassword(String username, String password) {
        String user = normalize(username);
        Secrets secrets = derive(password);
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE account SET salt = ?, iterations = ?, sha1_stored_key = ?, "
                        + "sha1_server_key = ?, sha256_stored_key = ?, sha256_server_key = ? WHERE username = ?")) {
            bind(s, 1, secrets);
            s.setString(7, user);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes an account; false when there is none. */
    public boolean delete(String username) {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM account WHERE username = ?")) {
            s.setString(1, normalize(username));
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean exists(String username) {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT 1 FROM account WHERE username = ?")) {
            s.setString(1, normalize(username));
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored credentials for one SCRAM hash, or empty when there is no such account. */
    @Override
    public Optional<ScramCredentials> credentials(String username, ScramMechanism mechanism) {
        String prefix = switch (mechanism) {
            case SCRAM_SHA_1, SCRAM_SHA_1_PLUS -> "sha1";
            case SCRAM_SHA_256, SCRAM_SHA_256_PLUS -> "sha256";
            default -> throw new IllegalArgumentException("no credentials are kept for " + mechanism.getName());
        };
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT salt, iterations, " + prefix + "_stored_key, " + prefix
                        + "_server_key FROM account WHERE username = ?")) {
            s.setString(1, normalize(username));
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                return Optional.of(new ScramCredentials(unb64(r.getString(1)), r.getInt(2), unb64(r.getString(3)), unb64(r.getString(4))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> list() {
        List<String> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); ResultSet r = c.createStatement().executeQuery("SELECT username FROM account ORDER BY username")) {
            while (r.next()) out.add(r.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public int iterations() {
        return iterations;
    }

    @Override
    public void close() {
        storage.close();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
