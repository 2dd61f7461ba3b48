package io.lokiz.jobs.boundary;

import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.control.EventLog;
import io.lokiz.jobs.control.Pipelines;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The open progress streams on this node. Events come from the job's recorded changes (any node
 * may have made them; {@code NOTIFY} says when), each with the job's version as its id, so a
 * client sees every change once, in order, and a reconnect with {@code Last-Event-ID} resumes
 * without gaps. Each event is the job as its type presents it, made when it is sent: the log keeps
 * storage keys, and the URLs made from them are fresh. Idle streams get keep-alive comments; a
 * client that left is dropped at the next send. A stream ends after the job's final state.
 */
@ApplicationScoped
public class JobStreams {

    /** Events a subscriber may fall behind by before it is let go. */
    private static final int BACKLOG = 64;

    private final Map<UUID, Audience> streams = new ConcurrentHashMap<>();
    private final MetricRegistry metrics;
    private final EventLog events;
    private final Pipelines pipelines;
    private final long keepAliveSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;
    /**
     * Threads for the writers: a plain pool of the container's managed threads. A managed executor
     * captures the caller's context on every task, which cost more than the write itself once per
     * subscriber and event (2,000 of them took 30 ms just to queue).
     */
    @Resource
    ManagedThreadFactory threads;
    private final int writerThreads;
    private volatile ExecutorService writers;
    private ScheduledFuture<?> keepAlive;

    @Inject
    public JobStreams(EventLog events, Pipelines pipelines,
                      @ConfigProperty(name = "lokiz.sse.keep-alive-seconds", defaultValue = "15") long keepAliveSeconds,
                      @ConfigProperty(name = "lokiz.sse.writer-threads", defaultValue = "8") int writerThreads,
                      @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry metrics) {
        this.events = events;
        this.pipelines = pipelines;
        this.keepAliveSeconds = keepAliveSeconds;
        this.writerThreads = writerThreads;
        this.metrics = metrics;
    }

    protected JobStreams() {
        this(null, null, 0, 0, null);
    }

    /** Progress streams open on this node, for {@code /metrics}. */
    void registerGauge(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge(Metadata.builder().withName("lokiz_sse_subscribers").withDescription("Progress streams open on this node").build(),
                this, JobStreams::open);
    }

    public synchronized void start() {
        if (writers == null) {
            // More threads than cores: a write blocks while a client's socket is full, and the
            // others must go on meanwhile. Idle threads end.
            var pool = new ThreadPoolExecutor(writerThreads, writerThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
            pool.allowCoreThreadTimeOut(true);
            writers = pool;
        }
        if (keepAlive == null) {
            keepAlive = scheduler.scheduleWithFixedDelay(this::keepAlive, keepAliveSeconds, keepAliveSeconds, TimeUnit.SECONDS);
        }
    }

    public synchronized void stop() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
            keepAlive = null;
        }
        streams.values().forEach(audience -> audience.subscribers.forEach(Subscriber::close));
        streams.clear();
        if (writers != null) {
            writers.shutdown(); // after the closes above have been written
            writers = null;
        }
    }

    /** Streams the job from after {@code lastEventId} (everything recorded), or from its current state. */
    public boolean subscribe(UUID jobId, SseEventSink sink, Sse sse, Long lastEventId) {
        var subscriber = new Subscriber(sink, sse, writers, BACKLOG);
        if (lastEventId != null) {
            subscriber.skipTo(lastEventId); // before registering: a change announced meanwhile must not resend what the client has
        }
        // Register before reading: a change committed in between is then delivered, not lost.
        Audience audience = streams.compute(jobId, (id, known) -> (known == null ? new Audience() : known).with(subscriber));
        List<Frame> backlog;
        if (lastEventId != null) {
            backlog = events.after(jobId, lastEventId).stream().map(event -> frame(audience, event)).toList();
        } else {
            // The newest state this node has framed, when it has one: any later change is announced after this
            // subscriber registered, and reaches it then. A storm of subscribers to one job reads it once.
            Frame latest = audience.latest;
            backlog = latest != null ? List.of(latest) : events.latest(jobId).map(event -> frame(audience, event)).stream().toList();
        }
        if (backlog.isEmpty() && lastEventId == null) {
            drop(jobId, subscriber);
            return false;
        }
        // Sent from another thread, after the resource method has returned: events sent (and a
        // stream closed) inside it were at times lost by the runtime, most often whole replays of
        // finished jobs, whose every event and the close came before the method returned.
        scheduler.execute(() -> backlog.forEach(frame -> {
            if (!subscriber.replay(frame.event(), frame)) {
                drop(jobId, subscriber);
            }
        }));
        return true;
    }

    /** A job changed (on any node) up to {@code version}: send subscribers what they have not seen. */
    public void changed(UUID jobId, long version) {
        Audience audience = streams.get(jobId);
        if (audience == null || audience.subscribers.isEmpty()) {
            return;
        }
        // What the furthest-behind subscriber has not seen; one that has not had its first event yet starts from
        // this change (its first event, older, is then skipped), so a storm of new subscribers never rereads the log.
        long oldest = Long.MAX_VALUE;
        for (Subscriber s : audience.subscribers) {
            long last = s.last();
            oldest = Math.min(oldest, last < 0 ? version - 1 : last);
        }
        if (oldest >= version) {
            return; // every subscriber has it already (a replay was quicker than the announcement)
        }
        for (JobRecord event : events.after(jobId, oldest)) {
            // One serialisation per event, shared by every subscriber that has not seen it yet.
            var frame = frame(audience, event);
            audience.subscribers.forEach(s -> deliver(jobId, s, event, frame));
        }
    }

    /** Whether this node streams the job already and it is {@code owner}'s (a job's owner never changes). */
    public boolean streamsFor(UUID jobId, String owner) {
        Audience audience = streams.get(jobId);
        Frame latest = audience == null ? null : audience.latest;
        return latest != null && latest.event().owner().equals(owner);
    }

    /** How many streams are open on this node. */
    public int open() {
        return streams.values().stream().mapToInt(audience -> audience.subscribers.size()).sum();
    }

    private void deliver(UUID jobId, Subscriber subscriber, JobRecord event, Frame frame) {
        if (!subscriber.offer(event, frame)) {
            drop(jobId, subscriber);
        }
    }

    /**
     * The event as sent, the job shown as its type presents it: made once for this node's audience of the job and
     * shared by every subscriber, a live one or one replaying the log (a storm of reconnecting clients asks for the
     * same few events a thousand times).
     */
    private Frame frame(Audience audience, JobRecord event) {
        return audience.framed(event, () -> new Frame(event, e -> pipelines.of(e.type()).present(e)));
    }

    private void keepAlive() {
        streams.forEach((jobId, audience) -> audience.subscribers.forEach(s -> {
            if (!s.ping()) {
                drop(jobId, s);
            }
        }));
    }

    private void drop(UUID jobId, Subscriber subscriber) {
        subscriber.close();
        streams.computeIfPresent(jobId, (id, audience) -> {
            audience.subscribers.remove(subscriber);
            return audience.subscribers.isEmpty() ? null : audience;
        });
    }

    /** The streams of one job on this node and the events framed for them; it goes when the last stream does. */
    private static final class Audience {
        /** A job's events are a few dozen; a frame this far behind the newest is sent to nobody any more. */
        private static final int KEPT = 128;
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        private final Map<Long, Frame> frames = new ConcurrentHashMap<>();
        /** The newest event framed: what a new subscriber starts with. */
        volatile Frame latest;

        Audience with(Subscriber subscriber) {
            subscribers.add(subscriber);
            return this;
        }

        Frame framed(JobRecord event, Supplier<Frame> make) {
            Frame frame = frames.computeIfAbsent(event.version(), version -> make.get());
            synchronized (this) {
                if (latest == null || event.version() > latest.event().version()) {
                    latest = frame;
                    frames.keySet().removeIf(version -> version < event.version() - KEPT);
                }
            }
            return frame;
        }
    }
}
