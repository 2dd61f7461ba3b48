package io.lokiz.jobs.control;

import io.lokiz.jobs.JobEvents;
import io.lokiz.jobs.JobRecord;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every committed change of a job, for the progress streams of every node: a row per version
 * ({@code job_events}, the version is the SSE event id) and a {@code NOTIFY}, both delivered only
 * if the caller's transaction commits ({@link JobEvents}). Rows hold the {@link JobRecord}, never URLs.
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

    /** Records the job's change in the caller's transaction. */
    public void record(JobRecord job) {
        Jdbc.run(database, "job event log", c -> {
            JobEvents.record(c, job, clock.instant());
            return null;
        });
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
