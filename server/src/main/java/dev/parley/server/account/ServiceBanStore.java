package dev.parley.server.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The service-wide bans, kept in the account database (one table, shared by every node of a cluster): a
 * target is a bare JID or a whole domain. Blocking, like {@link AccountStore}.
 */
public final class ServiceBanStore {
    /** One ban: whom (a bare JID or a domain), why, and which service admin. */
    public record Ban(String target, String reason, String by) {}

    private final DataSource pool;

    ServiceBanStore(DataSource pool) {
        this.pool = pool;
    }

    /** Bans {@code target}, or replaces the reason of its ban. */
    public void ban(String target, String reason, String by) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            // a replace as delete and insert in one transaction: the same SQL on H2 and PostgreSQL
            try (PreparedStatement d = c.prepareStatement("DELETE FROM service_ban WHERE target = ?");
                    PreparedStatement s = c.prepareStatement("INSERT INTO service_ban (target, reason, banned_by) VALUES (?, ?, ?)")) {
                d.setString(1, target);
                d.executeUpdate();
                s.setString(1, target);
                s.setString(2, reason);
                s.setString(3, by);
                s.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lifts the ban on {@code target}; whether there was one. */
    public boolean unban(String target) {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM service_ban WHERE target = ?")) {
            s.setString(1, target);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every ban, by target. */
    public List<Ban> all() {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT target, reason, banned_by FROM service_ban ORDER BY target");
                ResultSet r = s.executeQuery()) {
            List<Ban> bans = new ArrayList<>();
            while (r.next()) bans.add(new Ban(r.getString(1), r.getString(2), r.getString(3)));
            return bans;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
