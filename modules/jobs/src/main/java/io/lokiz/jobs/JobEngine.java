package io.lokiz.jobs;

import io.lokiz.jobs.boundary.JobStreams;
import io.lokiz.jobs.control.JobWorker;
import io.lokiz.jobs.control.Notifications;
import io.lokiz.kernel.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The engine's switch: workers, streams and the node's LISTEN start once the schema is migrated, and stop with the app. */
@ApplicationScoped
public class JobEngine {

    private final JobWorker worker;
    private final JobStreams streams;
    private final Notifications notifications;

    @Inject
    public JobEngine(JobWorker worker, JobStreams streams, Notifications notifications) {
        this.worker = worker;
        this.streams = streams;
        this.notifications = notifications;
    }

    protected JobEngine() {
        this(null, null, null);
    }

    void start(@Observes SchemaReady ready) {
        worker.start();
        streams.start();
        notifications.start(worker::wake, streams::changed);
    }

    @PreDestroy
    void stop() {
        notifications.stop();
        streams.stop();
        worker.stop();
    }
}
