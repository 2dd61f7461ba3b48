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
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

    private static final Jsonb JSON = JsonbBuilder.create();
    /** Events a subscriber may fall behind by before it is let go. */
    private static final int BACKLOG = 64;

    private final Map<UUID, Set<Subscriber>> streams = new ConcurrentHashMap<>();
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
                streams, open -> open.values().stream().mapToInt(Set::size).sum());
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
        streams.values().forEach(set -> set.forEach(Subscriber::close));
        streams.clear();
        if (writers != null) {
            writers.shutdown(); // after the closes above have been written
            writers = null;
        }
    }

    /** Streams the job from after {@code lastEventId} (everything recorded), or from its current state. */
    public boolean subscribe(UUID jobId, SseEventSink sink, Sse sse, Long lastEventId) {
        var subscriber = new Subscriber(sink, sse, writers);
        if (lastEventId != null) {
            subscriber.skipTo(lastEventId); // before registering: a change announced meanwhile must not resend what the client has
        }
        // Register before reading: a change committed in between is then delivered, not lost.
        streams.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        var latest = events.latest(jobId);
        if (latest.isEmpty()) {
            drop(jobId, subscriber);
            return false;
        }
        List<JobRecord> backlog = lastEventId == null ? List.of(latest.get()) : events.after(jobId, lastEventId);
        // Sent from another thread, after the resource method has returned: events sent (and a
        // stream closed) inside it were at times lost by the runtime, most often whole replays of
        // finished jobs, whose every event and the close came before the method returned.
        scheduler.execute(() -> backlog.forEach(event -> {
            if (!subscriber.replay(event, new Frame(event))) {
                drop(jobId, subscriber);
            }
        }));
        return true;
    }

    /** A job changed (on any node) up to {@code version}: send subscribers what they have not seen. */
    public void changed(UUID jobId, long version) {
        Set<Subscriber> subscribers = streams.get(jobId);
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        long oldest = subscribers.stream().mapToLong(Subscriber::last).min().orElse(version);
        if (oldest >= version) {
            return;
        }
        for (JobRecord event : events.after(jobId, oldest)) {
            // One serialisation per event, shared by every subscriber that has not seen it yet.
            var frame = new Frame(event);
            subscribers.forEach(s -> deliver(jobId, s, event, frame));
        }
    }

    /** How many streams are open on this node. */
    public int open() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    private void deliver(UUID jobId, Subscriber subscriber, JobRecord event, Frame frame) {
        if (!subscriber.offer(event, frame)) {
            drop(jobId, subscriber);
        }
    }

    /**
     * An event as sent: the job as its type presents it, with its version as the event id. Made
     * once, by the first subscriber that needs it, and the same event goes to every other.
     */
    private final class Frame {
        private final JobRecord event;
        private OutboundSseEvent made;

        Frame(JobRecord event) {
            this.event = event;
        }

        synchronized OutboundSseEvent in(Sse sse) {
            if (made == null) {
                made = sse.newEventBuilder().id(Long.toString(event.version())).name("status").mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(String.class, JSON.toJson(pipelines.of(event.type()).present(event))).build();
            }
            return made;
        }
    }

    private void keepAlive() {
        streams.forEach((jobId, subscribers) -> subscribers.forEach(s -> {
            if (!s.ping()) {
                drop(jobId, s);
            }
        }));
    }

    private void drop(UUID jobId, Subscriber subscriber) {
        subscriber.close();
        streams.computeIfPresent(jobId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * One client's stream; answers false once it is over (final state sent, or the client left).
     * Offers only queue: the events are written by a task of its own on the writer threads, one
     * after another, so the fan-out loop never waits for a socket and a slow client delays nobody
     * but itself. A client that falls {@value #BACKLOG} events behind is let go: its
     * {@code EventSource} reconnects with {@code Last-Event-ID} and catches up from the event log.
     * The stream closes only after the last queued event has been written.
     */
    private final class Subscriber {
        private final SseEventSink sink;
        private final Sse sse;
        private final Executor executor;
        private final ArrayDeque<OutboundSseEvent> queued = new ArrayDeque<>();
        private long last = -1;
        private int allowed = BACKLOG;
        private boolean writing;
        private volatile boolean over;

        Subscriber(SseEventSink sink, Sse sse, Executor executor) {
            this.sink = sink;
            this.sse = sse;
            this.executor = executor;
        }

        synchronized long last() {
            return last;
        }

        synchronized void skipTo(long version) {
            last = Math.max(last, version);
        }

        /** A live event: queued unless the client is too far behind. */
        synchronized boolean offer(JobRecord event, Frame frame) {
            if (queued.size() >= allowed) {
                close(); // too far behind: it resumes from the log when it reconnects
                return false;
            }
            return add(event, frame);
        }

        /** An event of the catch-up from the log: as many as the log holds, plus the usual allowance after them. */
        synchronized boolean replay(JobRecord event, Frame frame) {
            allowed = Math.max(allowed, queued.size() + 1 + BACKLOG);
            return add(event, frame);
        }

        private boolean add(JobRecord event, Frame frame) {
            if (over || sink.isClosed()) {
                return false;
            }
            if (event.version() <= last) {
                return true;
            }
            last = event.version();
            queue(frame.in(sse));
            if (event.state().isTerminal()) {
                close();
                return false;
            }
            return true;
        }

        synchronized boolean ping() {
            if (over || sink.isClosed()) {
                return false;
            }
            if (queued.isEmpty()) { // a stream with events on their way needs no keep-alive
                queue(sse.newEventBuilder().comment("keep-alive").build());
            }
            return true;
        }

        /** No more events: the stream ends once what is queued has been written. */
        synchronized void close() {
            over = true;
            writeSoon();
        }

        private void queue(OutboundSseEvent event) {
            queued.add(event);
            writeSoon();
        }

        /** Starts this stream's writer unless it runs already (it then sees the change itself). */
        private void writeSoon() {
            if (!writing) {
                writing = true;
                executor.execute(this::write);
            }
        }

        /** Writes what is queued, in order, until nothing is; then ends the stream if it is over. */
        private void write() {
            while (true) {
                OutboundSseEvent next;
                synchronized (this) {
                    next = queued.poll();
                    if (next == null) {
                        writing = false;
                        allowed = BACKLOG;
                        if (over && !sink.isClosed()) {
                            sink.close();
                        }
                        return;
                    }
                }
                try {
                    if (!sink.isClosed()) {
                        sink.send(next).toCompletableFuture().join();
                    }
                } catch (RuntimeException clientLeft) {
                    synchronized (this) {
                        over = true; // the next offer or ping drops us
                        queued.clear();
                    }
                }
            }
        }
    }
}
