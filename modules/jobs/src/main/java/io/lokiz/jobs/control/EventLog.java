package io.lokiz.jobs.control;

import io.lokiz.jobs.JobRecord;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every committed change of a job, for the progress streams of every node: a row per version
 * ({@code job_events}, the version is the SSE event id) and a {@code NOTIFY}, both delivered only
 * if the caller's transaction commits. Rows hold the {@link JobRecord}, never URLs.
 */
@ApplicationScoped
public class EventLog {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;

    @Inject
    public EventLog(Clock clock) {
        this.clock = clock;
    }

    protected EventLog() {
        this(null);
    }

    /** Records the job's change in the caller's transaction. PostgreSQL folds identical notifications of one transaction into one. */
    public void record(JobRecord job) {
        Jdbc.run(database, "job event log", c -> {
            record(c, job, clock.instant());
            return null;
        });
    }

    /** The same on a connection of the caller's (the queue benchmark drives the engine's log through it). */
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
            st.setString(1, Notifications.EVENTS);
            st.setString(2, job.id() + ":" + job.version());
            st.execute();
        }
    }

    /** The job's latest recorded change: what a client that just subscribed sees first. */
    public Optional<JobRecord> latest(UUID jobId) {
        return select("SELECT payload FROM job_events WHERE job_id = ? ORDER BY version DESC LIMIT 1", jobId, null).stream().findFirst();
    }

    /** The job's recorded changes after {@code version}, oldest first. */
    public List<JobRecord> after(UUID jobId, long version) {
        return select("SELECT payload FROM job_events WHERE job_id = ? AND version > ? ORDER BY version", jobId, version);
    }

    /** The records {@code sql} answers for the job and, when it asks for one, a version. */
    private List<JobRecord> select(String sql, UUID jobId, Long version) {
        return Jdbc.run(database, "job event log", c -> {
            try (var st = c.prepareStatement(sql)) {
                st.setObject(1, jobId);
                if (version != null) {
                    st.setLong(2, version);
                }
                List<JobRecord> events = new ArrayList<>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        events.add(JobRecord.fromJson(rs.getString(1)));
                    }
                }
                return events;
            }
        });
    }
}
