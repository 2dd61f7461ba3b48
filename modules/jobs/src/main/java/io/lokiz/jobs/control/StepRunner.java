package io.lokiz.jobs.control;

import io.lokiz.jobs.JobChange;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.entity.Job;
import io.lokiz.kernel.LogContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs a leased job's steps one after another for as long as the next one is due at once, each
 * step by its job type's pipeline. The heavy work of a step happens outside any transaction; what
 * it did is committed through {@link JobRun#change}.
 */
@ApplicationScoped
public class StepRunner {

    private final JobStore store;
    private final Pipelines pipelines;
    private final EngineSettings settings;
    private final JobMetrics metrics;
    private final Clock clock;

    @Inject
    public StepRunner(JobStore store, Pipelines pipelines, EngineSettings settings, JobMetrics metrics, Clock clock) {
        this.store = store;
        this.pipelines = pipelines;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    protected StepRunner() {
        this(null, null, null, null, null);
    }

    /** Runs the job's due steps while {@code node} holds its lease. */
    public void run(UUID id, String node) {
        long ran = -1;
        while (true) {
            Job job = store.leased(id, node).orElse(null);
            // A step that changed nothing would only run again: leave the job to its lease instead.
            if (job == null || job.step() == null || job.runAt().isAfter(clock.instant()) || job.version() == ran) {
                return;
            }
            ran = job.version();
            JobRecord record = job.record();
            // Every line logged while the step runs names its job and user (its type adds what it knows, such as a provider's request).
            try (var log = LogContext.of("jobId", record.id().toString(), "userId", record.owner(), "jobType", record.type())) {
                long started = System.nanoTime();
                pipelines.of(job.type()).run(job.step(), new Run(record, node));
                metrics.step(record.type(), job.step(), System.nanoTime() - started);
            }
        }
    }

    /** One step's hold on the job. */
    private final class Run implements JobRun {
        private final JobRecord job;
        private final String node;

        Run(JobRecord job, String node) {
            this.job = job;
            this.node = node;
        }

        @Override
        public JobRecord job() {
            return job;
        }

        @Override
        public Path workDir() {
            return settings.workDir(job.id());
        }

        @Override
        public boolean change(Consumer<JobChange> change) {
            return store.change(job.id(), node, change);
        }
    }
}
