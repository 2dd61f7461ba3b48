package io.lokiz.generation.control;

import io.lokiz.jobs.JobRun;
import io.lokiz.storage.StorageUnavailable;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A finished job whose files the store did not take (REQ-UW-004): they stay in the job's local
 * spool (its work directory, which outlives a restart), the job stays {@code uploading}, and the
 * job's output says why and when the next try is, so that users and operators see it.
 */
public record UploadRetry(int failures, String reason, Instant retryAt) {

    /** Where a job's output keeps it. */
    static final String FIELD = "uploadRetry";

    /** What the job's output says of earlier failed tries, if any. */
    static Optional<UploadRetry> of(JsonObject output) {
        JsonObject json = output.getJsonObject(FIELD);
        return json == null ? Optional.empty()
                : Optional.of(new UploadRetry(json.getInt("failures"), json.getString("reason"), Instant.parse(json.getString("retryAt"))));
    }

    private static final Logger LOG = Logger.getLogger(UploadRetry.class.getName());

    /**
     * Records one more failed try and sets {@code step} to run again, ever later: as long as it
     * takes, since the files are safe in the spool and nothing was charged yet.
     */
    static void schedule(JobRun run, String step, Exception e, GenerationSettings settings, GenerationMetrics metrics, Clock clock) {
        int failures = failures(run.job().output()) + 1;
        metrics.uploadRetried(run.job().type());
        LOG.log(Level.WARNING, "job " + run.job().id() + ": storing failed (try " + failures + "), kept for the next try: " + e, e);
        Instant retryAt = clock.instant().plus(settings.uploadBackoff(failures));
        run.change(j -> {
            j.record(failed(j.output(), reason(e), retryAt));
            j.next(step, retryAt);
        });
    }

    /** Failed tries so far. */
    static int failures(JsonObject output) {
        return of(output).map(UploadRetry::failures).orElse(0);
    }

    /** In plain words, for the job's viewers: what failed, never the store's raw answer. */
    static String reason(Exception e) {
        return e instanceof StorageUnavailable ? "The result is ready but the storage service is unavailable; it is kept here and stored as soon as the service is back."
                : "The result is ready but could not be stored yet; it is kept here and stored on the next try.";
    }

    /** The output with one more failed try recorded. */
    static JsonObject failed(JsonObject output, String reason, Instant retryAt) {
        return Json.createObjectBuilder(output).add(FIELD, Json.createObjectBuilder()
                .add("failures", failures(output) + 1).add("reason", reason).add("retryAt", retryAt.toString())).build();
    }

    /** The output without the record of failed tries: the files are stored. */
    static JsonObject cleared(JsonObject output) {
        return output.containsKey(FIELD) ? Json.createObjectBuilder(output).remove(FIELD).build() : output;
    }
}
