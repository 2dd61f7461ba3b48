package io.lokiz.jobs;

/**
 * A CDI event: the job just ended (completed, failed or canceled). Fired inside the transaction
 * that ends it, so a synchronous observer's work (settling credits) commits with the end or not
 * at all; observe it {@code AFTER_SUCCESS} for work outside (telling a provider to stop).
 */
public record JobEnded(JobRecord job) {
}
