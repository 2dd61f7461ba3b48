package io.lokiz.jobs;

import java.util.List;
import java.util.UUID;

/** A job and every version it went through (the event log), with the job it retries and the jobs that retried it. */
public record JobHistory(JobRecord job, List<JobRecord> versions, UUID retryOf, List<UUID> retries) {
}
