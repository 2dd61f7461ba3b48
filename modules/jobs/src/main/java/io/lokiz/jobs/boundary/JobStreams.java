package io.lokiz.jobs.boundary;

import io.lokiz.jobs.control.JobQueue;
import io.lokiz.jobs.control.JobUpdated;
import io.lokiz.jobs.control.JobView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open progress streams on this node, per job. A client first gets the job as it is, then
 * every committed change; the job's version is the event id, so nothing is sent twice or out of
 * order, and the stream ends after a final state.
 */
@ApplicationScoped
public class JobStreams {

    private final Map<UUID, Set<Subscriber>> streams = new ConcurrentHashMap<>();
    private final JobQueue queue;

    @Inject
    public JobStreams(JobQueue queue) {
        this.queue = queue;
    }

    protected JobStreams() {
        this.queue = null;
    }

    /** Starts streaming the job to the sink; false when there is no such job. */
    public boolean subscribe(UUID jobId, SseEventSink sink, Sse sse) {
        var subscriber = new Subscriber(sink, sse);
        // Register before reading the snapshot: a change committed in between is then not lost.
        streams.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        var snapshot = queue.snapshot(jobId);
        if (snapshot.isEmpty()) {
            drop(jobId, subscriber);
            return false;
        }
        deliver(jobId, subscriber, snapshot.get());
        return true;
    }

    void onUpdated(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobUpdated update) {
        UUID jobId = update.view().id();
        Set<Subscriber> subscribers = streams.get(jobId);
        if (subscribers != null) {
            subscribers.forEach(s -> deliver(jobId, s, update));
        }
    }

    private void deliver(UUID jobId, Subscriber subscriber, JobUpdated update) {
        if (!subscriber.offer(update)) {
            drop(jobId, subscriber);
        }
    }

    private void drop(UUID jobId, Subscriber subscriber) {
        streams.computeIfPresent(jobId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /** One client's stream; answers false once it is over (final state sent, or the client left). */
    private static final class Subscriber {
        private final SseEventSink sink;
        private final Sse sse;
        private long lastVersion = -1;

        Subscriber(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
        }

        synchronized boolean offer(JobUpdated update) {
            if (sink.isClosed()) {
                return false;
            }
            if (update.version() <= lastVersion) {
                return true;
            }
            lastVersion = update.version();
            sink.send(sse.newEventBuilder()
                    .id(Long.toString(update.version()))
                    .name("status")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(JobView.class, update.view())
                    .build());
            if (update.isFinal()) {
                sink.close();
                return false;
            }
            return true;
        }
    }
}
