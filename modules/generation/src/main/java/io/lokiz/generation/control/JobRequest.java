package io.lokiz.generation.control;

/**
 * What a client asks of one job type, as a dialect's adapter translated it from its own names:
 * typed, each value already of its kind. The job type ({@link JobType}) checks what it names.
 */
public interface JobRequest {

    /** The job type asked for (also its price list entry). */
    String type();

    /** What makes two requests the same one under a single {@code Idempotency-Key}. */
    default String fingerprint() {
        return type() + this;
    }
}
