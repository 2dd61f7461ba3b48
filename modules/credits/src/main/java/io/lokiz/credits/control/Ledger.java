package io.lokiz.credits.control;

import io.lokiz.credits.Balance;
import io.lokiz.credits.Entry;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.kernel.RequestKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger's rules in SQL, on the caller's connection and transaction (the job's, when a job is
 * accepted). Every change locks the account row first, writes one immutable entry, and moves
 * the cached balance by exactly that entry's deltas. Idempotency keys make every operation safe
 * to repeat; a unique index makes a second settlement of a hold impossible.
 */
public final class Ledger {

    private final Clock clock;
    private final CreditLots lots = new CreditLots();

    public Ledger(Clock clock) {
        this.clock = clock;
    }

    /**
     * Adds credits, optionally expiring. Repeating the request under its key changes nothing and
     * answers the first entry; another request under the same key is {@link RequestKey.Reused}.
     */
    public Entry grant(Connection c, String account, long amount, String reason, String reference, RequestKey key, Instant expiresAt)
            throws SQLException {
        Optional<Entry> done = earlier(c, key);
        if (done.isPresent()) {
            return done.get();
        }
        lock(c, account);
        Entry entry = insert(c, account, "grant", amount, amount, 0, reason, reference, key, null, expiresAt);
        lots.add(c, account, entry.id(), amount, expiresAt);
        move(c, account, amount, 0);
        return entry;
    }

    /** Changes the available balance by {@code delta} (either sign) with a reason; never below zero. */
    public Entry adjust(Connection c, String account, long delta, String reason, RequestKey key) throws SQLException, InsufficientCredits {
        Optional<Entry> done = earlier(c, key);
        if (done.isPresent()) {
            return done.get();
        }
        Balance balance = lock(c, account);
        if (delta < 0 && balance.available() < -delta) {
            throw new InsufficientCredits(-delta, balance.available());
        }
        Entry entry = insert(c, account, "adjust", Math.abs(delta), delta, 0, reason, "admin", key, null, null);
        if (delta > 0) {
            lots.add(c, account, entry.id(), delta, null);
        } else {
            lots.take(c, account, -delta, null);
        }
        move(c, account, delta, 0);
        return entry;
    }

    /** Reserves {@code amount} for {@code reference}; the soonest-expiring credits go first. */
    public Entry hold(Connection c, String account, long amount, String reference, String key) throws SQLException, InsufficientCredits {
        Optional<Entry> done = byKey(c, key);
        if (done.isPresent()) {
            return done.get();
        }
        Balance balance = lock(c, account);
        if (balance.available() < amount) {
            throw new InsufficientCredits(amount, balance.available());
        }
        Entry hold = insert(c, account, "hold", amount, -amount, amount, "held for " + reference, reference, internal(key), null, null);
        lots.take(c, account, amount, hold.id());
        move(c, account, -amount, amount);
        return hold;
    }

    /** Charges the hold made under {@code holdKey}; false when there is none or it is settled already. */
    public boolean capture(Connection c, String holdKey) throws SQLException {
        return settle(c, holdKey, "capture");
    }

    /** Gives the hold made under {@code holdKey} back; false when there is none or it is settled already. */
    public boolean release(Connection c, String holdKey) throws SQLException {
        return settle(c, holdKey, "release");
    }

    /** Writes an {@code expire} entry for what is left of every lot past its expiry; answers how many credits left. */
    public long expireDue(Connection c) throws SQLException {
        Instant now = clock.instant();
        long expired = 0;
        for (String account : lots.accountsWithExpired(c, now)) {
            // Account first, as every other change does, and in sorted order: no lock cycles, and
            // a node running this at the same time waits here, then finds nothing left to expire.
            lock(c, account);
            for (CreditLots.Lot lot : lots.expired(c, account, now)) {
                insert(c, account, "expire", lot.remaining(), -lot.remaining(), 0, "credits expired", "lot:" + lot.id(),
                        internal("expire:" + lot.id() + ":" + UUID.randomUUID()), null, null);
                lots.empty(c, lot.id());
                move(c, account, -lot.remaining(), 0);
                expired += lot.remaining();
            }
        }
        return expired;
    }

    /**
     * The balance of an account that exists and, when {@code grantKey} is given, holds the entry
     * of that key (its welcome grant); empty otherwise. One statement, no lock.
     */
    public Optional<Balance> balanceIfGranted(Connection c, String account, String grantKey) throws SQLException {
        try (var st = c.prepareStatement(grantKey == null ? "SELECT available, held FROM credit_accounts WHERE id = ?"
                : "SELECT available, held FROM credit_accounts a WHERE a.id = ? "
                + "AND EXISTS (SELECT 1 FROM credit_entries e WHERE e.idempotency_key = ?)")) {
            st.setString(1, account);
            if (grantKey != null) {
                st.setString(2, grantKey);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(Balance.of(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    public Balance balance(Connection c, String account) throws SQLException {
        try (var st = c.prepareStatement("SELECT available, held FROM credit_accounts WHERE id = ?")) {
            st.setString(1, account);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Balance.of(rs.getLong(1), rs.getLong(2)) : Balance.of(0, 0);
            }
        }
    }

    /** Entries newest first; {@code before} (an entry id) pages back. */
    public List<Entry> entries(Connection c, String account, Long before, int limit) throws SQLException {
        try (var st = c.prepareStatement("SELECT * FROM credit_entries WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
            st.setString(1, account);
            st.setLong(2, before == null ? Long.MAX_VALUE : before);
            st.setInt(3, limit);
            try (ResultSet rs = st.executeQuery()) {
                List<Entry> page = new ArrayList<>();
                while (rs.next()) {
                    page.add(entry(rs));
                }
                return page;
            }
        }
    }

    /** The hold made under {@code holdKey} and what settled it, oldest first: one job's whole account. */
    public List<Entry> ofHold(Connection c, String holdKey) throws SQLException {
        Optional<Entry> hold = byKey(c, holdKey).filter(e -> e.kind().equals("hold"));
        if (hold.isEmpty()) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>(List.of(hold.get()));
        try (var st = c.prepareStatement("SELECT * FROM credit_entries WHERE hold_id = ? ORDER BY id")) {
            st.setLong(1, hold.get().id());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    entries.add(entry(rs));
                }
            }
        }
        return entries;
    }

    private boolean settle(Connection c, String holdKey, String kind) throws SQLException {
        Optional<Entry> hold = byKey(c, holdKey).filter(e -> e.kind().equals("hold"));
        if (hold.isEmpty()) {
            return false;
        }
        String account = accountOf(c, hold.get().id());
        lock(c, account);
        if (single(c, "SELECT count(*) FROM credit_entries WHERE hold_id = ?", hold.get().id()) > 0) {
            return false; // captured or released before: a retry, a duplicate webhook, a second node
        }
        long amount = hold.get().amount();
        boolean capture = kind.equals("capture");
        insert(c, account, kind, amount, capture ? 0 : amount, -amount,
                capture ? "charged for " + hold.get().reference() : "released for " + hold.get().reference(),
                hold.get().reference(), internal(kind + ":" + holdKey), hold.get().id(), null);
        if (!capture) {
            lots.giveBack(c, hold.get().id());
        }
        move(c, account, capture ? 0 : amount, -amount);
        return true;
    }

    /** Creates the account if needed and locks it for the rest of the transaction. */
    private Balance lock(Connection c, String account) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO credit_accounts (id, updated_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
            st.setString(1, account);
            st.setTimestamp(2, Timestamp.from(clock.instant()));
            st.executeUpdate();
        }
        try (var st = c.prepareStatement("SELECT available, held FROM credit_accounts WHERE id = ? FOR UPDATE")) {
            st.setString(1, account);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return Balance.of(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private void move(Connection c, String account, long availableDelta, long heldDelta) throws SQLException {
        try (var st = c.prepareStatement("UPDATE credit_accounts SET available = available + ?, held = held + ?, updated_at = ? WHERE id = ?")) {
            st.setLong(1, availableDelta);
            st.setLong(2, heldDelta);
            st.setTimestamp(3, Timestamp.from(clock.instant()));
            st.setString(4, account);
            st.executeUpdate();
        }
    }

    private Entry insert(Connection c, String account, String kind, long amount, long availableDelta, long heldDelta,
                         String reason, String reference, RequestKey key, Long holdId, Instant expiresAt) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO credit_entries (account_id, kind, amount, available_delta, held_delta, reason, reference,
                                            idempotency_key, hold_id, expires_at, created_at, request_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *""")) {
            st.setString(1, account);
            st.setString(2, kind);
            st.setLong(3, amount);
            st.setLong(4, availableDelta);
            st.setLong(5, heldDelta);
            st.setString(6, reason);
            st.setString(7, reference);
            st.setString(8, key.key());
            st.setObject(9, holdId);
            st.setTimestamp(10, expiresAt == null ? null : Timestamp.from(expiresAt));
            st.setTimestamp(11, Timestamp.from(clock.instant()));
            st.setString(12, key.fingerprint());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return entry(rs);
            }
        }
    }

    /**
     * The entry made under a client's key before, if any. The key is locked for the transaction
     * first, so two concurrent first uses cannot both write: the second waits, then finds the
     * first's entry (or its key free again, if the first rolled back).
     */
    private Optional<Entry> earlier(Connection c, RequestKey key) throws SQLException {
        try (var st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            st.setString(1, "credit-key:" + key.key());
            st.execute();
        }
        try (var st = c.prepareStatement("SELECT request_fingerprint FROM credit_entries WHERE idempotency_key = ?")) {
            st.setString(1, key.key());
            try (ResultSet rs = st.executeQuery()) {
                if (key.fingerprint() != null && rs.next() && !key.fingerprint().equals(rs.getString(1))) {
                    throw new RequestKey.Reused();
                }
            }
        }
        return byKey(c, key.key());
    }

    /** A key the ledger makes itself (holds, settlements, expiries): no client request behind it. */
    private static RequestKey internal(String key) {
        return new RequestKey(key, null);
    }

    private Optional<Entry> byKey(Connection c, String key) throws SQLException {
        try (var st = c.prepareStatement("SELECT * FROM credit_entries WHERE idempotency_key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    private String accountOf(Connection c, long entryId) throws SQLException {
        try (var st = c.prepareStatement("SELECT account_id FROM credit_entries WHERE id = ?")) {
            st.setLong(1, entryId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long single(Connection c, String sql, long parameter) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            st.setLong(1, parameter);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Entry(rs.getLong("id"), rs.getString("kind"), rs.getLong("amount"), rs.getLong("available_delta"),
                rs.getLong("held_delta"), rs.getString("reason"), rs.getString("reference"),
                expires == null ? null : expires.toInstant(), rs.getTimestamp("created_at").toInstant());
    }
}
