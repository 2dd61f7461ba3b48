package io.lokiz.jobs.control;

import io.lokiz.jobs.entity.Image;
import io.lokiz.credits.Credits;
import io.lokiz.jobs.entity.Job;
import io.lokiz.jobs.entity.JobState;
import io.lokiz.jobs.entity.Video;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The job table as a queue. Workers on any node claim due rows with {@code FOR UPDATE SKIP LOCKED}
 * and a lease; every change to a job is one short transaction that checks the lease first, so a
 * node that lost its lease (it stalled, or another node took over) cannot write anymore.
 */
@ApplicationScoped
@Transactional
public class JobQueue {

    @PersistenceContext(unitName = "jobs")
    EntityManager em;
    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final JobLeases leases = new JobLeases();
    private static final jakarta.json.bind.Jsonb JSON = jakarta.json.bind.JsonbBuilder.create();

    private final Views views;
    private final Credits credits;
    private final Event<JobDue> due;
    private final Event<JobCanceled> canceled;
    private final Clock clock;

    @Inject
    public JobQueue(Views views, Credits credits, Event<JobDue> due, Event<JobCanceled> canceled, Clock clock) {
        this.views = views;
        this.credits = credits;
        this.due = due;
        this.canceled = canceled;
        this.clock = clock;
    }

    protected JobQueue() {
        this(null, null, null, null, null);
    }

    /** Adds a new job, due at once. */
    public JobView enqueue(Job job) {
        em.persist(job);
        em.flush();
        publish(job);
        due.fire(new JobDue(job.id()));
        return views.of(job, null);
    }

    /** Leases up to {@code max} due steps to {@code owner}, never starting more than {@code maxActive} jobs in all. */
    public List<UUID> claim(String owner, int max, int maxActive, Duration lease) {
        return sql(c -> leases.claim(c, owner, max, maxActive, clock.instant(), lease));
    }

    /** The heartbeat of a busy worker: extends the leases {@code owner} still holds. */
    public void renew(Collection<UUID> ids, String owner, Duration lease) {
        sql(c -> leases.renew(c, ids, owner, clock.instant().plus(lease)));
    }

    /**
     * Whether one more job may be queued; the admission lock is held until this transaction ends,
     * so the job it then inserts is counted by everyone who asks next, on any node.
     */
    public boolean admit(int maxQueued) {
        return sql(c -> leases.admit(c, maxQueued));
    }

    /** A provider says a generation finished: its job's poll is due now. Repeats change nothing. */
    public void providerFinished(String provider, String requestId) {
        List<UUID> due = sql(c -> {
            try (var st = c.prepareStatement("""
                    UPDATE job_jobs SET run_at = ? WHERE provider = ? AND provider_request_id = ? AND step = 'POLL' AND run_at > ?
                    RETURNING id""")) {
                var now = java.sql.Timestamp.from(clock.instant());
                st.setTimestamp(1, now);
                st.setString(2, provider);
                st.setString(3, requestId);
                st.setTimestamp(4, now);
                List<UUID> ids = new java.util.ArrayList<>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
        due.forEach(id -> this.due.fire(new JobDue(id)));
    }

    /**
     * Claims the user's request key for this transaction. Answers the job it named before, if it
     * did; a concurrent first use waits here until the other transaction ends, then sees its job.
     */
    public Optional<UUID> claimKey(String user, RequestKey key) {
        return sql(c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO job_request_keys (owner, key, fingerprint, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (owner, key) DO NOTHING""")) {
                st.setString(1, user);
                st.setString(2, key.key());
                st.setString(3, key.fingerprint());
                st.setTimestamp(4, java.sql.Timestamp.from(clock.instant()));
                if (st.executeUpdate() == 1) {
                    return Optional.empty();
                }
            }
            try (var st = c.prepareStatement("SELECT fingerprint, job_id FROM job_request_keys WHERE owner = ? AND key = ?")) {
                st.setString(1, user);
                st.setString(2, key.key());
                try (var rs = st.executeQuery()) {
                    rs.next();
                    if (!rs.getString(1).equals(key.fingerprint())) {
                        throw new RequestKey.Reused(key.key());
                    }
                    return Optional.ofNullable(rs.getObject(2, UUID.class));
                }
            }
        });
    }

    /** The job a committed request key names, if any. */
    public Optional<UUID> keyedJob(String user, String key) {
        return sql(c -> {
            try (var st = c.prepareStatement("SELECT job_id FROM job_request_keys WHERE owner = ? AND key = ? AND job_id IS NOT NULL")) {
                st.setString(1, user);
                st.setString(2, key);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
                }
            }
        });
    }

    /** Records which job the claimed key made. */
    public void bindKey(String user, RequestKey key, UUID jobId) {
        sql(c -> {
            try (var st = c.prepareStatement("UPDATE job_request_keys SET job_id = ? WHERE owner = ? AND key = ?")) {
                st.setObject(1, jobId);
                st.setString(2, user);
                st.setString(3, key.key());
                return st.executeUpdate();
            }
        });
    }

    /** Jobs waiting or active on all nodes. */
    public int depth() {
        return sql(leases::depth);
    }

    private interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs JDBC on this transaction's own connection (the one Hibernate uses too). */
    private <T> T sql(Sql<T> work) {
        try (Connection c = database.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new IllegalStateException("job queue unavailable: " + e.getMessage(), e);
        }
    }

    /** The job if {@code owner} holds its lease; a detached copy to read step inputs from. */
    public Optional<Job> leased(UUID id, String owner) {
        return Optional.ofNullable(em.find(Job.class, id)).filter(j -> j.isLeasedBy(owner, clock.instant()));
    }

    /**
     * Applies {@code change} to the job if {@code owner} still holds its lease, and publishes the
     * result. Answers false when the lease is gone: the caller must stop working on the job.
     */
    public boolean change(UUID id, String owner, Consumer<Job> change) {
        Job job = locked(id);
        Instant now = clock.instant();
        // A job canceled while a step ran is over: its worker must stop, not overwrite that.
        if (job == null || !job.isLeasedBy(owner, now) || job.state().isTerminal()) {
            return false;
        }
        change.accept(job);
        job.touch(now);
        settle(job);
        em.flush();
        publish(job);
        return true;
    }

    /**
     * A job that just ended settles its credits in the same transaction: charged when completed,
     * given back when failed or canceled. The ledger settles a hold once, so a step run twice, a
     * duplicate webhook or a node that died after committing cannot charge twice.
     */
    private void settle(Job job) {
        if (job.state() == JobState.COMPLETED) {
            credits.capture(job.creditReference());
        } else if (job.state().isTerminal()) {
            credits.release(job.creditReference());
        }
    }

    /** Stores the finished video and moves the job on, in one transaction. */
    public boolean storeVideo(UUID jobId, String owner, Video video) {
        Job job = locked(jobId);
        if (job == null || !job.isLeasedBy(owner, clock.instant())) {
            return false;
        }
        if (!video.isOwnedBy(job.owner())) {
            throw new IllegalArgumentException("video " + video.id() + " must belong to the job's owner");
        }
        if (em.find(Video.class, video.id()) == null) {
            em.persist(video);
        }
        return change(jobId, owner, j -> j.uploaded(video.id(), clock.instant()));
    }

    /** The job if {@code user} owns it; another user's job is as absent as a missing one. */
    public Optional<JobView> view(UUID id, String user) {
        return owned(id, user).map(this::view);
    }

    /** Cancels the user's job unless it already ended; answers it as it is afterwards. */
    public Optional<JobView> cancel(UUID id, String user) {
        Optional<Job> owned = Optional.ofNullable(locked(id)).filter(job -> job.isOwnedBy(user));
        owned.filter(job -> !job.state().isTerminal()).ifPresent(job -> {
            job.cancel(clock.instant());
            settle(job);
            em.flush();
            publish(job);
            if (job.providerRequestId() != null) {
                canceled.fire(new JobCanceled(job.id(), job.provider(), job.providerRequestId()));
            }
        });
        return owned.map(this::view);
    }

    /** How many jobs are in each state: the admin console's queue overview. */
    @SuppressWarnings("unchecked")
    public java.util.Map<String, Long> countsByState() {
        var counts = new java.util.TreeMap<String, Long>();
        for (Object[] row : (List<Object[]>) em.createQuery("SELECT j.state, COUNT(j) FROM Job j GROUP BY j.state").getResultList()) {
            counts.put(((JobState) row[0]).wire(), (Long) row[1]);
        }
        return counts;
    }

    /**
     * The job row, locked until this short transaction ends. Every writer (worker step, cancel)
     * takes it, so they queue instead of failing each other; the later one sees the earlier's result.
     */
    private Job locked(UUID id) {
        return em.find(Job.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    private Optional<Job> owned(UUID id, String user) {
        return Optional.ofNullable(em.find(Job.class, id)).filter(job -> job.isOwnedBy(user));
    }

    /** The job's latest recorded event: what a client that just subscribed sees first. */
    public Optional<StreamedEvent> latestEvent(UUID jobId) {
        return sql(c -> {
            try (var st = c.prepareStatement("SELECT version, status, payload FROM job_events WHERE job_id = ? ORDER BY version DESC LIMIT 1")) {
                st.setObject(1, jobId);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new StreamedEvent(rs.getLong(1), rs.getString(2), rs.getString(3))) : Optional.empty();
                }
            }
        });
    }

    public Optional<VideoResultView> video(UUID videoId, String user) {
        return Optional.ofNullable(em.find(Video.class, videoId)).filter(v -> v.isOwnedBy(user)).map(views::of);
    }

    public Optional<Image> image(UUID id) {
        return Optional.ofNullable(em.find(Image.class, id));
    }

    private JobView view(Job job) {
        return views.of(job, job.videoId() == null ? null : em.find(Video.class, job.videoId()));
    }

    /**
     * Records the change for every node: an event row (the SSE event with its id) and a NOTIFY,
     * both delivered only if this transaction commits. PostgreSQL folds identical notifications
     * of one transaction into one.
     */
    private void publish(Job job) {
        JobView view = view(job);
        String payload = JSON.toJson(view);
        sql(c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO job_events (job_id, version, status, payload, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (job_id, version) DO NOTHING""")) {
                st.setObject(1, job.id());
                st.setLong(2, job.version());
                st.setString(3, view.status());
                st.setString(4, payload);
                st.setTimestamp(5, java.sql.Timestamp.from(clock.instant()));
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                st.setString(1, Notifications.EVENTS);
                st.setString(2, job.id() + ":" + job.version());
                st.execute();
            }
            return null;
        });
    }

    /** The job's recorded events after {@code version}, oldest first, as JSON. */
    public List<StreamedEvent> eventsAfter(UUID jobId, long version) {
        return sql(c -> {
            try (var st = c.prepareStatement("SELECT version, status, payload FROM job_events WHERE job_id = ? AND version > ? ORDER BY version")) {
                st.setObject(1, jobId);
                st.setLong(2, version);
                List<StreamedEvent> events = new java.util.ArrayList<>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        events.add(new StreamedEvent(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return events;
            }
        });
    }
}
