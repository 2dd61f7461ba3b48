package io.lokiz.credits.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which credits are spent first and which expire ({@code credit_lots}): every grant or positive
 * adjustment is a lot with what remains of it; holds take from the soonest-expiring lots and
 * remember which ({@code credit_hold_parts}), so a release gives back to the very lots it took
 * from. On the caller's connection, inside the {@link Ledger}'s locked account change.
 */
final class CreditLots {

    /** A lot and what remains of it. */
    record Lot(long id, long remaining) {
    }

    void add(Connection c, String account, long entryId, long amount, Instant expiresAt) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO credit_lots (account_id, entry_id, remaining, expires_at) VALUES (?, ?, ?, ?)")) {
            st.setString(1, account);
            st.setLong(2, entryId);
            st.setLong(3, amount);
            st.setTimestamp(4, expiresAt == null ? null : Timestamp.from(expiresAt));
            st.executeUpdate();
        }
    }

    /** Spends {@code amount} from the account's lots, soonest-expiring first; records the parts of a hold. */
    void take(Connection c, String account, long amount, Long holdId) throws SQLException {
        long left = amount;
        List<Lot> parts = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT id, remaining FROM credit_lots WHERE account_id = ? AND remaining > 0
                ORDER BY expires_at NULLS LAST, id""")) {
            st.setString(1, account);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next() && left > 0) {
                    long take = Math.min(left, rs.getLong(2));
                    parts.add(new Lot(rs.getLong(1), take));
                    left -= take;
                }
            }
        }
        for (Lot part : parts) {
            try (var st = c.prepareStatement("UPDATE credit_lots SET remaining = remaining - ? WHERE id = ?")) {
                st.setLong(1, part.remaining());
                st.setLong(2, part.id());
                st.executeUpdate();
            }
            if (holdId != null) {
                try (var st = c.prepareStatement("INSERT INTO credit_hold_parts (hold_id, lot_id, amount) VALUES (?, ?, ?)")) {
                    st.setLong(1, holdId);
                    st.setLong(2, part.id());
                    st.setLong(3, part.remaining());
                    st.executeUpdate();
                }
            }
        }
    }

    /** A released hold's credits back into the lots it took them from. */
    void giveBack(Connection c, long holdId) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE credit_lots l SET remaining = l.remaining + p.amount
                FROM credit_hold_parts p WHERE p.hold_id = ? AND p.lot_id = l.id""")) {
            st.setLong(1, holdId);
            st.executeUpdate();
        }
    }

    /** Accounts with something left in a lot past its expiry, sorted (the order accounts are locked in). */
    List<String> accountsWithExpired(Connection c, Instant now) throws SQLException {
        List<String> accounts = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT DISTINCT account_id FROM credit_lots WHERE remaining > 0 AND expires_at <= ? ORDER BY account_id""")) {
            st.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    accounts.add(rs.getString(1));
                }
            }
        }
        return accounts;
    }

    /** The account's lots past their expiry with something left; read after the account is locked. */
    List<Lot> expired(Connection c, String account, Instant now) throws SQLException {
        List<Lot> due = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT id, remaining FROM credit_lots WHERE account_id = ? AND remaining > 0 AND expires_at <= ?""")) {
            st.setString(1, account);
            st.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    due.add(new Lot(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return due;
    }

    void empty(Connection c, long lotId) throws SQLException {
        try (var st = c.prepareStatement("UPDATE credit_lots SET remaining = 0 WHERE id = ?")) {
            st.setLong(1, lotId);
            st.executeUpdate();
        }
    }
}
