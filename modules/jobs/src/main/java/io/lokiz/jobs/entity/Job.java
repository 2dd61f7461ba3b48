package io.lokiz.jobs.entity;

import io.lokiz.jobs.JobChange;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A job of any type and its place in the queue. Every transition is a method here, so the rules
 * of the state machine (progress never goes back, a finished job has no next step, attempts are
 * bounded) live in one place and the database checks repeat them. What a step is, and what the
 * input and output mean, is the job type's business: the engine stores them as JSON.
 */
@Entity
@Table(name = "job_jobs")
public class Job implements JobChange {

    @Id
    private UUID id;
    @Column(nullable = false)
    private String owner;
    @Column(nullable = false)
    private String type;
    @Enumerated(EnumType.STRING)
    private JobState state;
    private int progress;
    @Column(nullable = false, updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    private String input;
    @Column(nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    private String output;
    private String step;
    @Column(name = "run_at")
    private Instant runAt;
    @Column(name = "waiting_on")
    private String waitingOn;
    @Column(name = "lease_owner")
    private String leaseOwner;
    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;
    private int attempts;
    @Column(name = "attempt_started_at")
    private Instant attemptStartedAt;
    private String error;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;
    @Column(name = "retry_of", updatable = false)
    private UUID retryOf;

    protected Job() {
    }

    /** A new job made again from {@code original} by an admin: the same owner, type and input, linked to it. */
    public static Job retryOf(Job original, String firstStep, Instant now) {
        Job retry = new Job(UUID.randomUUID(), original.owner, original.type, json(original.input), firstStep, now);
        retry.retryOf = original.id;
        return retry;
    }

    /** The job this one retries, or null. */
    public UUID retryOf() {
        return retryOf;
    }

    /** A new job of {@code type}, its {@code firstStep} due at once. */
    public Job(UUID id, String owner, String type, JsonObject input, String firstStep, Instant now) {
        this.id = id;
        this.owner = owner;
        this.type = type;
        this.input = input.toString();
        this.output = JsonObject.EMPTY_JSON_OBJECT.toString();
        this.state = JobState.PENDING;
        this.step = firstStep;
        this.runAt = now;
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = createdAt;
    }

    public boolean isLeasedBy(String node, Instant now) {
        return node.equals(leaseOwner) && leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
    }

    @Override
    public void enter(JobState working) {
        if (working == JobState.PENDING || working.isTerminal()) {
            throw new IllegalArgumentException("a running job cannot enter " + working);
        }
        state = working;
    }

    @Override
    public void advance(int percent) {
        progress = Math.max(progress, Math.min(99, percent));
    }

    @Override
    public void record(JsonObject output) {
        this.output = output.toString();
    }

    @Override
    public void startAttempt(Instant now) {
        attempts++;
        attemptStartedAt = now;
    }

    @Override
    public boolean attemptTimedOut(Instant now, Duration timeout) {
        return attemptStartedAt != null && now.isAfter(attemptStartedAt.plus(timeout));
    }

    @Override
    public void attemptFailed(String reason, int maxAttempts, String retryStep, Instant retryAt, Instant now) {
        if (attempts >= maxAttempts) {
            fail(reason + " (after " + attempts + " attempts)", now);
        } else {
            error = reason;
            next(retryStep, retryAt);
        }
    }

    @Override
    public void redoAttempt(String again, Instant now) {
        attempts = Math.max(0, attempts - 1);
        next(again, now);
    }

    @Override
    public void next(String next, Instant at) {
        step = next;
        runAt = at;
        waitingOn = null;
    }

    @Override
    public void await(String reference, String next, Instant pollAt) {
        next(next, pollAt);
        waitingOn = reference;
    }

    /** What the job awaits ({@link #await}) happened: its next step is due now. The SQL of {@code JobStore.wake} does the same for rows. */
    public boolean wake(String reference, Instant now) {
        if (waitingOn == null || !waitingOn.equals(reference) || !runAt.isAfter(now)) {
            return false;
        }
        runAt = now;
        return true;
    }

    @Override
    public void complete(Instant now) {
        state = JobState.COMPLETED;
        error = null;
        progress = 100;
        finish();
    }

    /** The user gave up on the job; whatever step was running stops at its next commit. */
    public void cancel() {
        state = JobState.CANCELED;
        finish();
    }

    @Override
    public void fail(String reason, Instant now) {
        state = JobState.FAILED;
        error = reason;
        finish();
    }

    /**
     * Closes a change at {@code now}: the change time at the database's precision (so a re-read job
     * looks the same), and the lease given back unless a next step is due at once, so that any
     * node may run the job's next step when it is due.
     */
    public void touch(Instant now) {
        updatedAt = now.truncatedTo(ChronoUnit.MICROS);
        if (step == null || runAt.isAfter(now)) {
            leaseOwner = null;
            leaseExpiresAt = null;
        }
    }

    private void finish() {
        step = null;
        runAt = null;
        waitingOn = null;
    }

    /** The job as other modules see it. */
    public JobRecord record() {
        return new JobRecord(id, type, owner, state, progress, json(input), json(output), error, attempts, attemptStartedAt,
                createdAt, updatedAt, version);
    }

    /** Stored JSON (a job's input or output) as an object. */
    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    public UUID id() {
        return id;
    }

    public boolean isOwnedBy(String user) {
        return owner.equals(user);
    }

    public String type() {
        return type;
    }

    @Override
    public JobState state() {
        return state;
    }

    public int progress() {
        return progress;
    }

    public String step() {
        return step;
    }

    public Instant runAt() {
        return runAt;
    }

    public String waitingOn() {
        return waitingOn;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public JsonObject output() {
        return json(output);
    }

    public String error() {
        return error;
    }

    public long version() {
        return version;
    }
}
