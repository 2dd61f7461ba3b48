package io.lokiz.jobs.boundary;

import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.control.EventLog;
import io.lokiz.jobs.control.Pipelines;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
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

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
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

    private static final Jsonb JSON = JsonbBuilder.create();

    private final Map<UUID, Set<Subscriber>> streams = new ConcurrentHashMap<>();
    private final MetricRegistry metrics;
    private final EventLog events;
    private final Pipelines pipelines;
    private final long keepAliveSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;
    private ScheduledFuture<?> keepAlive;

    @Inject
    public JobStreams(EventLog events, Pipelines pipelines,
                      @ConfigProperty(name = "lokiz.sse.keep-alive-seconds", defaultValue = "15") long keepAliveSeconds,
                      @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry metrics) {
        this.events = events;
        this.pipelines = pipelines;
        this.keepAliveSeconds = keepAliveSeconds;
        this.metrics = metrics;
    }

    protected JobStreams() {
        this(null, null, 0, null);
    }

    /** Progress streams open on this node, for {@code /metrics}. */
    void registerGauge(@Observes @Initialized(ApplicationScoped.class) Object started) {
        metrics.gauge(Metadata.builder().withName("lokiz_sse_subscribers").withDescription("Progress streams open on this node").build(),
                streams, open -> open.values().stream().mapToInt(Set::size).sum());
    }

    public synchronized void start() {
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
    }

    /** Streams the job from after {@code lastEventId} (everything recorded), or from its current state. */
    public boolean subscribe(UUID jobId, SseEventSink sink, Sse sse, Long lastEventId) {
        var subscriber = new Subscriber(sink, sse);
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
        scheduler.execute(() -> backlog.forEach(event -> deliver(jobId, subscriber, event)));
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
            Supplier<String> json = once(() -> JSON.toJson(pipelines.of(event.type()).present(event)));
            subscribers.forEach(s -> deliver(jobId, s, event, json));
        }
    }

    /** How many streams are open on this node. */
    public int open() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    private void deliver(UUID jobId, Subscriber subscriber, JobRecord event) {
        deliver(jobId, subscriber, event, () -> JSON.toJson(pipelines.of(event.type()).present(event)));
    }

    private void deliver(UUID jobId, Subscriber subscriber, JobRecord event, Supplier<String> json) {
        if (!subscriber.offer(event, json)) {
            drop(jobId, subscriber);
        }
    }

    /** The value made the first time it is asked for, and only then. */
    private static Supplier<String> once(Supplier<String> make) {
        return new Supplier<>() {
            private String made;

            @Override
            public synchronized String get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
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
     * Sends are asynchronous: each waits for the one before it, and the stream closes only after
     * the last has been written, so no event is reordered or cut off by the close.
     */
    private static final class Subscriber {
        private final SseEventSink sink;
        private final Sse sse;
        private long last = -1;
        private volatile boolean over;
        private CompletionStage<?> written = CompletableFuture.completedFuture(null);

        Subscriber(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
        }

        synchronized long last() {
            return last;
        }

        synchronized void skipTo(long version) {
            last = Math.max(last, version);
        }

        synchronized boolean offer(JobRecord event, Supplier<String> json) {
            if (over || sink.isClosed()) {
                return false;
            }
            if (event.version() <= last) {
                return true;
            }
            last = event.version();
            send(sse.newEventBuilder().id(Long.toString(event.version())).name("status")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, json.get()).build());
            if (event.state().isTerminal()) {
                close();
                return false;
            }
            return !over;
        }

        synchronized boolean ping() {
            if (over || sink.isClosed()) {
                return false;
            }
            send(sse.newEventBuilder().comment("keep-alive").build());
            return !over;
        }

        synchronized void close() {
            over = true;
            written.whenComplete((ok, failure) -> {
                if (!sink.isClosed()) {
                    sink.close();
                }
            });
        }

        private void send(OutboundSseEvent event) {
            written = written.thenCompose(ok -> sink.isClosed() ? CompletableFuture.completedFuture(null) : sink.send(event))
                    .exceptionally(failure -> {
                        over = true; // the client went away; the next offer or ping drops us
                        return null;
                    });
        }
    }
}
