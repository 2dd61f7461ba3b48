package io.lokiz.jobs;

import io.lokiz.jobs.boundary.JobStreams;
import io.lokiz.jobs.control.Housekeeper;
import io.lokiz.jobs.control.JobWorker;
import io.lokiz.jobs.control.Notifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The jobs module's switch: the app starts workers, streams and the node's LISTEN once the schema is migrated. */
@ApplicationScoped
public class JobEngine {

    private final JobWorker worker;
    private final JobStreams streams;
    private final Notifications notifications;
    private final Housekeeper housekeeper;

    @Inject
    public JobEngine(JobWorker worker, JobStreams streams, Notifications notifications, Housekeeper housekeeper) {
        this.worker = worker;
        this.streams = streams;
        this.notifications = notifications;
        this.housekeeper = housekeeper;
    }

    protected JobEngine() {
        this(null, null, null, null);
    }

    /** One housekeeping round: scratch files, expired jobs, videos and images. Safe on every node at once. */
    public void sweep() {
        housekeeper.sweep();
    }

    public void start() {
        worker.start();
        streams.start();
        notifications.start(worker::wake, streams::changed);
    }

    public void stop() {
        notifications.stop();
        streams.stop();
        worker.stop();
    }
}
