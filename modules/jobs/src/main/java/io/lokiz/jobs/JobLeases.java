package io.lokiz.jobs;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The queue's SQL on {@code job_jobs}, on the caller's connection and transaction: admission,
 * claiming due steps with {@code FOR UPDATE SKIP LOCKED} and a lease, and the heartbeat. The
 * global limits (jobs waiting or active; jobs active) are counted under transaction-scoped
 * advisory locks, so every node sees the same count and none can overshoot.
 */
public final class JobLeases {

    /** Advisory lock keys ("LOKIZADM", "LOKIZCLM" as numbers): one for admission, one for starting jobs. */
    static final long ADMISSION_LOCK = 0x4C4F4B495A41444DL;
    static final long START_LOCK = 0x4C4F4B495A434C4DL;

    /**
     * Jobs using a slot: past pending, or pending and leased to start (a dead node's lapsed lease
     * keeps its slot until another node takes the job over). The same predicate as the partial
     * index {@code job_jobs_running}, so it costs the same however long the queue is.
     */
    private static final String USING_A_SLOT = "step IS NOT NULL AND (state <> 'PENDING' OR lease_owner IS NOT NULL)";
    private static final String ACTIVE = "SELECT count(*) FROM job_jobs WHERE " + USING_A_SLOT;
    /** New jobs: the predicate of the partial index {@code job_jobs_waiting}. */
    private static final String WAITING = "step IS NOT NULL AND state = 'PENDING'";
    /** New jobs that may start: not of a type an admin paused (the paused wait; the running finish). */
    private static final String STARTABLE = WAITING + " AND type NOT IN (SELECT type FROM job_type_pauses)";

    /**
     * Whether one more job may be queued: fewer than {@code maxQueued} waiting or active. The lock
     * is held until the caller's transaction ends, so its insert is counted by the next admission.
     */
    public boolean admit(Connection c, int maxQueued) throws SQLException {
        try (var st = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            st.setLong(1, ADMISSION_LOCK);
            st.execute();
        }
        return depth(c) < maxQueued;
    }

    /** Jobs waiting or active, on all nodes. */
    public int depth(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT count(*) FROM job_jobs WHERE step IS NOT NULL");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Jobs holding one of the {@code maxActive} slots, on all nodes. */
    public int active(Connection c) throws SQLException {
        return count(c, ACTIVE);
    }

    /**
     * Leases up to {@code max} due steps to {@code owner}: steps of jobs already holding a slot
     * first, then new jobs while fewer than {@code maxActive} are active. Rows other nodes hold are
     * skipped, never waited for. A job a dead node leased to start (still pending) holds a slot
     * too, so it is taken over in the first group: were it to wait for a free slot, ten such jobs
     * would hold every slot and nothing could start again.
     */
    public List<UUID> claim(Connection c, String owner, int max, int maxActive, Instant now, Duration lease) throws SQLException {
        Timestamp until = Timestamp.from(now.plus(lease));
        List<UUID> claimed = new ArrayList<>(lease(c, USING_A_SLOT, max, now, owner, until));
        int room = max - claimed.size();
        if (room > 0) {
            try (var st = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                st.setLong(1, START_LOCK);
                st.execute();
            }
            // Counted after the lock was granted, so every job started before is seen. (Folding the
            // count into the lease's LIMIT costs more: the planner then sorts the whole queue.)
            int free = maxActive - count(c, ACTIVE);
            if (free > 0) {
                claimed.addAll(lease(c, STARTABLE, Math.min(room, free), now, owner, until));
            }
        }
        return claimed;
    }

    /** The heartbeat: extends the leases {@code owner} still holds; answers how many it still holds. */
    public int renew(Connection c, Collection<UUID> ids, String owner, Instant until) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (var st = c.prepareStatement("""
                UPDATE job_jobs SET lease_expires_at = ? WHERE id = ANY(?) AND lease_owner = ? AND step IS NOT NULL""")) {
            st.setTimestamp(1, Timestamp.from(until));
            st.setArray(2, uuids(c, ids));
            st.setString(3, owner);
            return st.executeUpdate();
        }
    }

    /** Leases up to {@code limit} due rows matching {@code which}, oldest due first, in one statement. */
    private List<UUID> lease(Connection c, String which, int limit, Instant now, String owner, Timestamp until) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE job_jobs SET lease_owner = ?, lease_expires_at = ?
                WHERE id IN (SELECT id FROM job_jobs
                             WHERE %s AND run_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at < ?)
                             ORDER BY run_at
                             LIMIT ?
                             FOR UPDATE SKIP LOCKED)
                RETURNING id""".formatted(which))) {
            st.setString(1, owner);
            st.setTimestamp(2, until);
            st.setTimestamp(3, Timestamp.from(now));
            st.setTimestamp(4, Timestamp.from(now));
            st.setInt(5, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (var st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Array uuids(Connection c, Collection<UUID> ids) throws SQLException {
        return c.createArrayOf("uuid", ids.toArray());
    }

    /** Whether the queue moves: steps overdue by {@code stall} that no live lease holds, and jobs leased now. */
    public record Motion(long overdue, long running) {

        /** Moving: nothing is overdue, or some node is working (jobs beyond the active limit wait by design). */
        public boolean moving() {
            return overdue == 0 || running > 0;
        }
    }

    public Motion motion(Connection c, Instant now, Duration stall) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE run_at < ? AND (lease_owner IS NULL OR lease_expires_at < ?)),
                       count(*) FILTER (WHERE lease_owner IS NOT NULL AND lease_expires_at >= ?)
                FROM job_jobs WHERE step IS NOT NULL""")) {
            Timestamp at = Timestamp.from(now);
            st.setTimestamp(1, Timestamp.from(now.minus(stall)));
            st.setTimestamp(2, at);
            st.setTimestamp(3, at);
            try (var rs = st.executeQuery()) {
                rs.next();
                return new Motion(rs.getLong(1), rs.getLong(2));
            }
        }
    }
}
