package io.lokiz.jobs.control;

import java.util.UUID;

/** A job's next step became due now; wakes idle workers once the transaction commits. */
public record JobDue(UUID jobId) {
}
