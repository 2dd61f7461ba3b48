package io.lokiz.generation.control;

import io.lokiz.jobs.JobRun;
import io.lokiz.storage.StorageUnavailable;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A finished job whose files the store did not take (REQ-UW-004): they stay in the job's local
 * spool (its work directory, which outlives a restart), the job stays {@code uploading}, and the
 * job's output says why and when the next try is, so that users and operators see it.
 */
public record UploadRetry(int failures, String reason, Instant retryAt) {

    private static final Logger LOG = Logger.getLogger(UploadRetry.class.getName());

    static UploadRetry of(JsonObject json) {
        return new UploadRetry(json.getInt("failures"), json.getString("reason"), Instant.parse(json.getString("retryAt")));
    }

    JsonObject json() {
        return Json.createObjectBuilder().add("failures", failures).add("reason", reason).add("retryAt", retryAt.toString()).build();
    }

    /** As the plan's {@code upload_retry} shows it. */
    JsonObject shown() {
        return Json.createObjectBuilder().add("failures", failures).add("reason", reason).add("retry_at", retryAt.toString()).build();
    }

    /**
     * Records one more failed try and sets {@code step} to run again, ever later: as long as it
     * takes, since the files are safe in the spool and nothing was charged yet.
     */
    public static void schedule(JobRun run, String step, Exception e, GenerationSettings settings, GenerationMetrics metrics, Clock clock) {
        int failures = JobOutput.of(run.job().output()).uploadFailures() + 1;
        metrics.uploadRetried(run.job().type());
        LOG.log(Level.WARNING, "job " + run.job().id() + ": storing failed (try " + failures + "), kept for the next try: " + e, e);
        Instant retryAt = clock.instant().plus(settings.uploadBackoff(failures));
        run.change(j -> {
            JobOutput output = JobOutput.of(j.output());
            j.record(output.withUploadRetry(new UploadRetry(output.uploadFailures() + 1, reason(e), retryAt)).json());
            j.next(step, retryAt);
        });
    }

    /** In plain words, for the job's viewers: what failed, never the store's raw answer. */
    static String reason(Exception e) {
        return e instanceof StorageUnavailable ? "The result is ready but the storage service is unavailable; it is kept here and stored as soon as the service is back."
                : "The result is ready but could not be stored yet; it is kept here and stored on the next try.";
    }
}
