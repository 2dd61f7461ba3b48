package io.lokiz.jobs;

import io.lokiz.jobs.entity.Job;
import jakarta.json.JsonObject;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One job held in memory and changed by the engine's own state machine, without a database, a
 * lease or events: a job type's steps run where no container is (its unit tests, tools). Each
 * step sees the job as it was when the step started, as under the engine. Not thread-safe.
 */
public final class DetachedJobRun implements JobRun {

    private final Job job;
    private final Path workDir;
    private final Clock clock;
    private JobRecord started;

    /** A new job of {@code type}, its {@code firstStep} due now. */
    public DetachedJobRun(String type, String owner, JsonObject input, String firstStep, Path workDir, Clock clock) {
        this.job = new Job(UUID.randomUUID(), owner, type, input, firstStep, clock.instant());
        this.workDir = workDir;
        this.clock = clock;
        this.started = job.record();
    }

    /**
     * Runs the job's next step with {@code pipeline} if it is due by the clock; false when the job
     * ended or its next step is due later (move the clock, or {@link #wake} it).
     */
    public boolean runDueStep(Pipeline pipeline) {
        return runDueStep(pipeline, UnaryOperator.identity());
    }

    /**
     * As {@link #runDueStep(Pipeline)}, the step holding the job through {@code hold}: a test acts
     * between a step's changes there (a cancel while encoding, say).
     */
    public boolean runDueStep(Pipeline pipeline, UnaryOperator<JobRun> hold) {
        if (job.step() == null || job.runAt().isAfter(clock.instant())) {
            return false;
        }
        started = job.record();
        pipeline.run(job.step(), hold.apply(this));
        return true;
    }

    @Override
    public JobRecord job() {
        return started;
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
    public boolean change(Consumer<JobChange> change) {
        if (job.state().isTerminal()) { // canceled while the step ran: stop, as a worker does
            return false;
        }
        change.accept(job);
        job.touch(clock.instant());
        return true;
    }

    /** The job as it is now. */
    public JobRecord current() {
        return job.record();
    }

    /** The step due next, or null once the job ended. */
    public String step() {
        return job.step();
    }

    public Instant runAt() {
        return job.runAt();
    }

    /** What the job awaits ({@link JobChange#await}), or null. */
    public String waitingOn() {
        return job.waitingOn();
    }

    /** The user gives up on the job, as {@link Jobs#cancel} does. */
    public void cancel() {
        if (!job.state().isTerminal()) {
            job.cancel();
            job.touch(clock.instant());
        }
    }

    /** As {@link Jobs#wake}: the job's next step is due now if it awaits {@code reference}. */
    public boolean wake(String reference) {
        return job.wake(reference, clock.instant());
    }
}
