package io.lokiz.jobs;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * What a pipeline step may do to its job. The rules of the state machine (progress never goes
 * back, a finished job has no next step, attempts are bounded) hold whatever the job type.
 */
public interface JobChange {

    /** The job as it is inside this change. */
    JobState state();

    int attempts();

    JsonObject output();

    /** Moves to a working state ({@code generating}, {@code encoding}, {@code uploading}). */
    void enter(JobState state);

    /** Moves progress forward to {@code percent}; never backwards, and 100 only by completing. */
    void advance(int percent);

    /** Replaces what the pipeline recorded so far. */
    void record(JsonObject output);

    /** A new attempt of the job's retried work starts now. */
    void startAttempt(Instant now);

    /** True when the running attempt has taken longer than {@code timeout}. */
    boolean attemptTimedOut(Instant now, Duration timeout);

    /** This attempt failed: {@code retryStep} follows at {@code retryAt}, or the job fails once attempts are used up. */
    void attemptFailed(String reason, int maxAttempts, String retryStep, Instant retryAt, Instant now);

    /** The attempt's result was lost (another node made it): do it again without counting an attempt. */
    void redoAttempt(String step, Instant now);

    /** {@code step} is next, at {@code at}; a node holds the job only while its steps are due. */
    void next(String step, Instant at);

    /**
     * Waits for something outside (a provider's request): {@code step} runs at {@code pollAt}, or as
     * soon as {@link Jobs#wake} names {@code reference}, whichever comes first.
     */
    void await(String reference, String step, Instant pollAt);

    void complete(Instant now);

    void fail(String reason, Instant now);
}
