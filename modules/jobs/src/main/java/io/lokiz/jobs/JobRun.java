package io.lokiz.jobs;

import java.nio.file.Path;
import java.util.function.Consumer;

/** One step's hold on a leased job: what the job is, where its scratch files go, and how to change it. */
public interface JobRun {

    /** The job as it was when the step started. */
    JobRecord job();

    /** This job's scratch directory on this node (removed when the job ends, or a day after it failed). */
    Path workDir();

    /**
     * Applies {@code change} in a transaction of its own if this node still holds the job's lease
     * and the job has not ended; publishes the result. False means: stop working on this job.
     */
    boolean change(Consumer<JobChange> change);
}
