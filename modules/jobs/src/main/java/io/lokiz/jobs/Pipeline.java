package io.lokiz.jobs;

import java.util.Set;

/**
 * A job type: its steps and how each runs, and how its jobs are shown. Other modules register
 * one as a CDI bean; the engine leases due jobs of every type and hands each step to its type's
 * pipeline. Steps run outside any transaction (they call providers, ffmpeg, storage) and record
 * what they did through {@link JobRun#change}, each change one short transaction.
 */
public interface Pipeline {

    /** The job types this pipeline runs, as jobs record them (each also a price list entry). */
    Set<String> types();

    /** The step a new job starts with. */
    String firstStep();

    /**
     * Runs one step of a leased job. It must move the job on (to another step, a later time, or an
     * end) or leave it to the lease to time out; an exception does the latter.
     */
    void run(String step, JobRun run);

    /**
     * The job as clients see it, for the API and progress events: a JSON-B-serialisable value
     * made when it is sent, so that URLs in it are fresh.
     */
    Object present(JobRecord job);
}
