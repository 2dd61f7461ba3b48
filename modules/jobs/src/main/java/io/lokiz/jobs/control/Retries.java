package io.lokiz.jobs.control;

import io.lokiz.audit.AuditTrail;
import io.lokiz.jobs.JobAccounting;
import io.lokiz.jobs.JobRefused;
import io.lokiz.jobs.Jobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Optional;
import java.util.UUID;

/**
 * An admin's retry, in one transaction of its own: the new job, what it costs held ({@link JobAccounting}) and its
 * audit entry commit together or not at all, so a bulk retry that meets an owner without credits loses only that job.
 */
@ApplicationScoped
public class Retries {

    private final Jobs jobs;
    private final JobAccounting accounting;
    private final AuditTrail audit;

    @Inject
    public Retries(Jobs jobs, JobAccounting accounting, AuditTrail audit) {
        this.jobs = jobs;
        this.accounting = accounting;
        this.audit = audit;
    }

    protected Retries() {
        this(null, null, null);
    }

    /**
     * The retry of job {@code id}; empty when there is no such job. Every refusal is the client's problem, a
     * {@code WebApplicationException} (the job's state or its retry, the queue, a pause, its owner's credits).
     */
    @Transactional
    public Optional<Jobs.Retry> retry(UUID id) {
        try {
            return jobs.retry(id).map(retry -> {
                accounting.holdForRetry(retry.made());
                audit.record("jobs.retry", "job:" + id, QueueBoard.Line.of(retry.original()), QueueBoard.Line.of(retry.made()));
                return retry;
            });
        } catch (JobRefused e) {
            throw e.problem();
        }
    }
}
