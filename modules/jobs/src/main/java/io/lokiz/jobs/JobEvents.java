package io.lokiz.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The event log's SQL on the caller's connection and transaction, as {@link JobLeases} is the
 * queue's: a job's change becomes a {@code job_events} row (its version is the SSE event id) and a
 * {@code NOTIFY} on {@link #CHANNEL}, both delivered only if the transaction commits. The engine
 * records every change through it, and so does the queue benchmark.
 */
public final class JobEvents {

    /** Where every node hears of changes: {@code <job id>:<version>}. */
    public static final String CHANNEL = "lokiz_job_events";

    private JobEvents() {
    }

    /** Records {@code job} as changed at {@code at}. PostgreSQL folds identical notifications of one transaction into one. */
    public static void record(Connection c, JobRecord job, Instant at) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO job_events (job_id, version, status, payload, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (job_id, version) DO NOTHING""")) {
            st.setObject(1, job.id());
            st.setLong(2, job.version());
            st.setString(3, job.state().wire());
            st.setString(4, job.toJson());
            st.setTimestamp(5, Timestamp.from(at));
            st.executeUpdate();
        }
        try (var st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, CHANNEL);
            st.setString(2, job.id() + ":" + job.version());
            st.execute();
        }
    }
}
