package io.lokiz.jobs;

import io.lokiz.jobs.control.EngineSettings;
import io.lokiz.jobs.control.JobStore;
import io.lokiz.jobs.control.Pauses;
import io.lokiz.jobs.control.Pipelines;
import io.lokiz.jobs.control.RequestKeys;
import io.lokiz.jobs.entity.Job;
import io.lokiz.kernel.Jdbc;
import io.lokiz.kernel.RequestKey;
import io.lokiz.kernel.Tickets;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The job engine's API. Every method joins the caller's transaction, so a job type can accept a
 * job and reserve what it costs in one: there is never a job without its reservation, nor the
 * other way round.
 */
@ApplicationScoped
@Transactional
public class Jobs {

    /** Ticket purpose of progress streams. */
    public static final String EVENTS_TICKET = "events";
    /** How long a full queue takes to drain by one wave of {@code max-active} jobs: about one short generation. */
    private static final int WAVE_SECONDS = 5;

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final JobLeases leases = new JobLeases();
    private final JobStore store;
    private final Pauses pauses;
    private final RequestKeys keys;
    private final Pipelines pipelines;
    private final EngineSettings settings;
    private final Tickets tickets;
    private final Clock clock;

    @Inject
    public Jobs(JobStore store, Pauses pauses, RequestKeys keys, Pipelines pipelines, EngineSettings settings, Tickets tickets,
                Clock clock) {
        this.store = store;
        this.pauses = pauses;
        this.keys = keys;
        this.pipelines = pipelines;
        this.settings = settings;
        this.tickets = tickets;
        this.clock = clock;
    }

    protected Jobs() {
        this(null, null, null, null, null, null, null);
    }

    /**
     * Refuses with {@link QueueFull} when {@code lokiz.jobs.max-queued} jobs wait or run. The
     * admission lock is held until the caller's transaction ends, so the job it then adds is
     * counted by everyone who asks next, on any node.
     */
    public void admit() {
        int maxQueued = settings.maxQueued();
        Jdbc.run(database, "job queue", c -> {
            if (!leases.admit(c, maxQueued)) {
                int depth = leases.depth(c);
                int waves = Math.max(1, (depth - maxQueued + settings.maxActive()) / settings.maxActive());
                throw new QueueFull(depth, Math.max(WAVE_SECONDS, waves * WAVE_SECONDS));
            }
            return null;
        });
    }

    /** Adds a job of {@code type} for {@code owner}, due at once; an unknown type is refused, a paused one too ({@link JobTypePaused}). */
    public JobRecord enqueue(String owner, String type, JsonObject input) {
        Pipeline pipeline = pipelines.of(type);
        refuseIfPaused(type);
        return store.add(new Job(UUID.randomUUID(), owner, type, input, pipeline.firstStep(), clock.instant()));
    }

    /** A failed or canceled job and the job an admin made again from it. */
    public record Retry(JobRecord original, JobRecord made) {
    }

    /**
     * Makes a failed or canceled job again, for an admin: the same owner, type and input, linked to the original, and
     * admitted as any new job is (the queue's room, pauses). What it costs is the caller's to hold in the same
     * transaction. Empty when there is no such job; a job in another state, or one retried already, is refused with
     * {@link JobNotRetried}.
     */
    public Optional<Retry> retry(UUID id) {
        return store.retriable(id).map(original -> {
            admit();
            refuseIfPaused(original.type());
            JobRecord made = store.add(Job.retryOf(original, pipelines.of(original.type()).firstStep(), clock.instant()));
            return new Retry(original.record(), made);
        });
    }

    /** Every user's jobs the filter finds, newest first: the admin console's search. */
    public JobPage search(JobFilter filter, JobPage.Cursor after, int limit) {
        List<JobRecord> page = store.search(filter, after, limit);
        JobRecord last = page.size() < limit ? null : page.get(page.size() - 1);
        return new JobPage(page, last == null ? null : new JobPage.Cursor(last.createdAt(), last.id()).encode());
    }

    /** Anyone's job with every version it went through. */
    public Optional<JobHistory> history(UUID id) {
        return store.history(id);
    }

    private void refuseIfPaused(String type) {
        pauses.of(type).ifPresent(pause -> {
            throw new JobTypePaused(type, pause.since());
        });
    }

    /** The job if {@code owner} owns it; another user's job is as absent as a missing one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<JobRecord> find(UUID id, String owner) {
        return store.read(id, owner);
    }

    /** A page of the owner's jobs, newest first; {@code type} and {@code state} filter when not null. */
    public JobPage list(String owner, String type, JobState state, JobPage.Cursor after, int limit) {
        return search(JobFilter.owned(owner, type, state), after, limit);
    }

    /** The job as its type shows it to clients: no database, so no transaction. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Object present(JobRecord job) {
        return pipelines.of(job.type()).present(job);
    }

    /** Cancels the owner's job unless it already ended; answers it as it is afterwards. */
    public Optional<JobRecord> cancel(UUID id, String owner) {
        return store.cancel(id, owner);
    }

    /** Something jobs await ({@link JobChange#await}) happened: their next step is due now. Repeats change nothing. */
    public void wake(String reference) {
        store.wake(reference);
    }

    /**
     * Claims the owner's request key for this transaction. Answers the job it named before, if it
     * did; the same key for a different request is refused with {@link RequestKey.Reused}.
     */
    public Optional<JobRecord> claimKey(String owner, RequestKey key) {
        return keys.claim(owner, key).flatMap(id -> find(id, owner));
    }

    /** Records which job the claimed key made. */
    public void bindKey(String owner, RequestKey key, UUID jobId) {
        keys.bind(owner, key, jobId);
    }

    /** The job a request key made before, if it did: a look only (concurrent first uses meet in {@link #claimKey}). */
    public Optional<JobRecord> keyed(String owner, RequestKey key) {
        return keys.find(owner, key).flatMap(id -> find(id, owner));
    }

    /** A ticket that opens this one job's progress stream where no header can be sent ({@code EventSource}). */
    public String eventsTicket(UUID jobId, Duration lifetime) {
        return tickets.issue(EVENTS_TICKET, jobId.toString(), lifetime);
    }
}
