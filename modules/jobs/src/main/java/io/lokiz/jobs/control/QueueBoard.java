package io.lokiz.jobs.control;

import io.lokiz.jobs.JobLeases;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the admin console's queue dashboard shows: jobs per state, the slots in use against
 * {@code lokiz.jobs.max-active}, the queue against {@code lokiz.jobs.max-queued} (counted with the
 * very predicates admission and claiming use, from {@link JobLeases}), the jobs not yet ended and
 * the latest failures. Each is read on its own, as on any live dashboard: a job that changes
 * between two reads may already show in one and not yet in the other.
 */
@ApplicationScoped
public class QueueBoard {

    /** Enough rows for a screen: the queue holds at most max-queued unended jobs anyway. */
    static final int ROWS = 100;
    static final int FAILURES = 20;

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final EngineSettings settings;
    private final JobLeases leases = new JobLeases();

    @Inject
    public QueueBoard(EngineSettings settings) {
        this.settings = settings;
    }

    protected QueueBoard() {
        this(null);
    }

    /** One job as the dashboard lists it. */
    @Schema(name = "QueueLine")
    public record Line(UUID id, String type, String owner, String state, int progress, int attempts, String error,
                       Instant createdAt, Instant updatedAt) {

        public static Line of(JobRecord job) {
            return new Line(job.id(), job.type(), job.owner(), job.state().wire(), job.progress(), job.attempts(), job.error(),
                    job.createdAt(), job.updatedAt());
        }
    }

    /** {@code queued} counts waiting and active jobs, the figure new jobs are refused at. */
    @Schema(name = "QueueBoard")
    public record Board(Map<String, Long> jobs, int active, int maxActive, int waiting, int queued, int maxQueued,
                        List<Line> unended, List<Line> recentFailures) {
    }

    public Board read() {
        return Jdbc.run(database, "job queue", c -> {
            Map<String, Long> counts = new TreeMap<>();
            try (var st = c.prepareStatement("SELECT state, count(*) FROM job_jobs GROUP BY state"); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(JobState.valueOf(rs.getString(1)).wire(), rs.getLong(2));
                }
            }
            int active = leases.active(c);
            int queued = leases.depth(c);
            return new Board(counts, active, settings.maxActive(), queued - active, queued, settings.maxQueued(),
                    lines(c, "step IS NOT NULL ORDER BY created_at, id", ROWS),
                    lines(c, "state = 'FAILED' ORDER BY updated_at DESC, id", FAILURES));
        });
    }

    private static List<Line> lines(Connection c, String where, int limit) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT id, type, owner, state, progress, attempts, error, created_at, updated_at
                FROM job_jobs WHERE %s LIMIT ?""".formatted(where))) {
            st.setInt(1, limit);
            List<Line> lines = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Line(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            JobState.valueOf(rs.getString(4)).wire(), rs.getInt(5), rs.getInt(6), rs.getString(7),
                            rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant()));
                }
            }
            return lines;
        }
    }
}
