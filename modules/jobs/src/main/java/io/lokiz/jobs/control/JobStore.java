package io.lokiz.jobs.control;

import io.lokiz.jobs.JobChange;
import io.lokiz.jobs.JobEnded;
import io.lokiz.jobs.JobFilter;
import io.lokiz.jobs.JobHistory;
import io.lokiz.jobs.JobNotRetried;
import io.lokiz.jobs.JobPage;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.entity.Job;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The job rows: every change is one short transaction that takes the row's lock, checks the
 * worker's lease first (so a node that lost it cannot write anymore), and publishes the result:
 * an event for the streams, and {@link JobEnded} when the job just ended.
 */
@ApplicationScoped
@Transactional
public class JobStore {

    @PersistenceContext(unitName = "jobs")
    EntityManager em;
    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final EventLog events;
    private final Event<JobEnded> ended;
    private final Event<JobDue> due;
    private final Clock clock;

    @Inject
    public JobStore(EventLog events, Event<JobEnded> ended, Event<JobDue> due, Clock clock) {
        this.events = events;
        this.ended = ended;
        this.due = due;
        this.clock = clock;
    }

    protected JobStore() {
        this(null, null, null, null);
    }

    /** Adds a new job, due at once. */
    public JobRecord add(Job job) {
        em.persist(job);
        published(job);
        due.fire(new JobDue(job.id()));
        return job.record();
    }

    /** The job, as it is now. */
    public Optional<Job> find(UUID id) {
        return Optional.ofNullable(em.find(Job.class, id));
    }

    /**
     * The owner's job as it is now, read with one statement and no persistence context or
     * transaction of its own: status reads are the API's most frequent request.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<JobRecord> read(UUID id, String owner) {
        return Jdbc.run(database, "jobs", c -> {
            try (var st = c.prepareStatement("""
                    SELECT type, state, progress, input::text, output::text, error, attempts, attempt_started_at, created_at,
                           updated_at, version
                    FROM job_jobs WHERE id = ? AND owner = ?""")) {
                st.setObject(1, id);
                st.setString(2, owner);
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Timestamp attempt = rs.getTimestamp(8);
                    return Optional.of(new JobRecord(id, rs.getString(1), owner, JobState.valueOf(rs.getString(2)), rs.getInt(3),
                            Job.json(rs.getString(4)), Job.json(rs.getString(5)), rs.getString(6), rs.getInt(7),
                            attempt == null ? null : attempt.toInstant(), rs.getTimestamp(9).toInstant(), rs.getTimestamp(10).toInstant(),
                            rs.getLong(11)));
                }
            }
        });
    }

    /** Up to {@code limit} of the owner's jobs, newest first, after {@code after}; {@code type} and {@code state} filter when given. */
    public List<JobRecord> list(String owner, String type, JobState state, JobPage.Cursor after, int limit) {
        return search(JobFilter.owned(owner, type, state), after, limit);
    }

    /** Up to {@code limit} jobs the filter finds, newest first, after {@code after}. */
    public List<JobRecord> search(JobFilter filter, JobPage.Cursor after, int limit) {
        Map<String, Object> values = new LinkedHashMap<>();
        StringBuilder jpql = new StringBuilder("SELECT j FROM Job j WHERE 1 = 1");
        where(jpql, values, "j.id = :id", "id", filter.id());
        where(jpql, values, "j.owner = :owner", "owner", filter.owner());
        where(jpql, values, "j.type = :type", "type", filter.type());
        where(jpql, values, "j.state = :state", "state", filter.state());
        where(jpql, values, "j.createdAt >= :from", "from", filter.from());
        where(jpql, values, "j.createdAt < :to", "to", filter.to());
        if (filter.notRetried()) {
            jpql.append(" AND NOT EXISTS (SELECT r.id FROM Job r WHERE r.retryOf = j.id)");
        }
        if (after != null) {
            jpql.append(" AND (j.createdAt < :at OR (j.createdAt = :at AND j.id < :after))");
            values.put("at", after.createdAt());
            values.put("after", after.id());
        }
        var query = em.createQuery(jpql.append(" ORDER BY j.createdAt DESC, j.id DESC").toString(), Job.class).setMaxResults(limit);
        values.forEach(query::setParameter);
        return query.getResultList().stream().map(Job::record).toList();
    }

    private static void where(StringBuilder jpql, Map<String, Object> values, String condition, String name, Object value) {
        if (value != null) {
            jpql.append(" AND ").append(condition);
            values.put(name, value);
        }
    }

    /**
     * The failed or canceled job, locked, that an admin may make again; empty when there is no such job. A job in any
     * other state, or one retried already, is refused ({@link JobNotRetried}).
     */
    public Optional<Job> retriable(UUID id) {
        Optional<Job> found = Optional.ofNullable(locked(id));
        found.ifPresent(job -> {
            if (job.state() != JobState.FAILED && job.state() != JobState.CANCELED) {
                throw JobNotRetried.notEndedBadly(id, job.state());
            }
            retries(id).stream().findFirst().ifPresent(retry -> {
                throw JobNotRetried.alreadyRetried(id, retry);
            });
        });
        return found;
    }

    /** The job with every version the event log kept of it, and its retry links. */
    public Optional<JobHistory> history(UUID id) {
        return find(id).map(job -> new JobHistory(job.record(), events.after(id, -1), job.retryOf(), retries(id)));
    }

    /** The jobs made again from {@code id} (one at most, by the database's unique index). */
    public List<UUID> retries(UUID id) {
        return em.createQuery("SELECT j.id FROM Job j WHERE j.retryOf = :id", UUID.class).setParameter("id", id).getResultList();
    }

    /** The job if {@code node} holds its lease: a detached copy to read a step's inputs from. */
    public Optional<Job> leased(UUID id, String node) {
        return find(id).filter(j -> j.isLeasedBy(node, clock.instant()));
    }

    /** Applies {@code change} if {@code node} still holds the lease and the job has not ended; false otherwise. */
    public boolean change(UUID id, String node, Consumer<JobChange> change) {
        Job job = locked(id);
        Instant now = clock.instant();
        // A job canceled while a step ran is over: its worker must stop, not overwrite that.
        if (job == null || !job.isLeasedBy(node, now) || job.state().isTerminal()) {
            return false;
        }
        change.accept(job);
        job.touch(now);
        published(job);
        return true;
    }

    /** Cancels the user's job unless it already ended; answers it as it is afterwards. */
    public Optional<JobRecord> cancel(UUID id, String user) {
        return cancel(Optional.ofNullable(locked(id)).filter(job -> job.isOwnedBy(user)));
    }

    /** A job as it was and as it is after an admin's change, read under the job's lock. */
    public record Changed(JobRecord before, JobRecord after) {
    }

    /** Cancels anyone's job unless it already ended: an admin's stop, credits released as for the owner's. */
    public Optional<Changed> cancelAny(UUID id) {
        Optional<Job> found = Optional.ofNullable(locked(id));
        Optional<JobRecord> before = found.map(Job::record);
        return cancel(found).map(after -> new Changed(before.orElseThrow(), after));
    }

    private Optional<JobRecord> cancel(Optional<Job> found) {
        found.filter(job -> !job.state().isTerminal()).ifPresent(job -> {
            job.cancel();
            job.touch(clock.instant());
            published(job);
        });
        return found.map(Job::record);
    }

    /** Jobs awaiting {@code reference} run their next step now; repeats change nothing. */
    public void wake(String reference) {
        List<UUID> woken = Jdbc.run(database, "job queue", c -> {
            try (var st = c.prepareStatement("""
                    UPDATE job_jobs SET run_at = ? WHERE waiting_on = ? AND run_at > ? RETURNING id""")) {
                var now = Timestamp.from(clock.instant());
                st.setTimestamp(1, now);
                st.setString(2, reference);
                st.setTimestamp(3, now);
                List<UUID> ids = new ArrayList<>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
        woken.forEach(id -> due.fire(new JobDue(id)));
    }

    /**
     * The job row, locked until this short transaction ends. Every writer (worker step, cancel)
     * takes it, so they queue instead of failing each other; the later one sees the earlier's result.
     */
    private Job locked(UUID id) {
        return em.find(Job.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Writes the change (its version counts up), records it for the streams, and announces an end. */
    private void published(Job job) {
        em.flush();
        JobRecord record = job.record();
        events.record(record);
        if (record.state().isTerminal()) {
            ended.fire(new JobEnded(record));
        }
    }
}
