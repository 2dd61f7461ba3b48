package io.lokiz.jobs;

import io.lokiz.jobs.control.JobWorker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The jobs module's switch: the app starts the workers once the database is migrated. */
@ApplicationScoped
public class JobEngine {

    private final JobWorker worker;

    @Inject
    public JobEngine(JobWorker worker) {
        this.worker = worker;
    }

    protected JobEngine() {
        this.worker = null;
    }

    public void start() {
        worker.start();
    }

    public void stop() {
        worker.stop();
    }
}
