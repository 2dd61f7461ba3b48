package io.lokiz.jobs.boundary;

import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Pipeline;
import io.lokiz.jobs.control.EventLog;
import io.lokiz.jobs.control.Pipelines;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.json.Json;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress streams' fan-out, with the event log and the clients played by fakes: each event is
 * built once for all subscribers, a client that does not read delays nobody else, one that falls
 * far behind is let go, and the final state ends every stream after it has been written.
 */
class JobStreamsTest {

    private final UUID job = UUID.randomUUID();
    private final Log log = new Log();
    private final AtomicInteger presented = new AtomicInteger();
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);
    private JobStreams streams;

    @BeforeEach
    void start() {
        streams = new JobStreams(log, new OnePipeline(presented), 3600, 4, null);
        streams.scheduler = proxy(ManagedScheduledExecutorService.class, pool);
        streams.threads = proxy(ManagedThreadFactory.class, Executors.defaultThreadFactory());
        streams.start();
        log.add(JobState.GENERATING);
    }

    @AfterEach
    void stop() {
        streams.stop();
        pool.shutdownNow();
    }

    @Test
    void buildsEachEventOnceForAllItsSubscribers() {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clients.add(subscribe(new Client()));
        }
        await(() -> clients.stream().allMatch(c -> c.received.size() == 1));
        int beforeChange = presented.get();

        streams.changed(job, log.add(JobState.GENERATING));

        await(() -> clients.stream().allMatch(c -> c.received.size() == 2));
        assertThat(presented.get() - beforeChange).as("presentations of the one change").isEqualTo(1);
        OutboundSseEvent first = clients.get(0).received.get(1);
        assertThat(clients).allSatisfy(c -> assertThat(c.received.get(1)).isSameAs(first));
        assertThat(first.getId()).isEqualTo("2");
    }

    @Test
    void aClientThatDoesNotReadDelaysNobodyElse() {
        Client stuck = subscribe(new Client());
        await(() -> stuck.received.size() == 1);
        stuck.stopReading();
        Client reader = subscribe(new Client());
        await(() -> reader.received.size() == 1);

        for (int i = 0; i < 5; i++) {
            streams.changed(job, log.add(JobState.GENERATING));
        }

        await(() -> reader.ids().equals(List.of("1", "2", "3", "4", "5", "6")));
        await(() -> stuck.received.size() == 2); // the one it is stuck in (its writer may start after the reader's)
        assertThat(stuck.received).hasSize(2);
        stuck.readAgain();
        await(() -> stuck.ids().equals(List.of("1", "2", "3", "4", "5", "6")));
    }

    @Test
    void letsGoOfAClientThatFallsFarBehind() {
        Client stuck = subscribe(new Client());
        Client reader = subscribe(new Client());
        await(() -> stuck.received.size() == 1 && reader.received.size() == 1);
        stuck.stopReading();

        for (int i = 0; i < 100; i++) {
            streams.changed(job, log.add(JobState.GENERATING));
        }

        await(() -> reader.received.size() == 101);
        assertThat(reader.closed).isFalse();
        assertThat(streams.open()).as("streams still open").isEqualTo(1);
        stuck.readAgain();
        await(() -> stuck.closed);
        // What was queued before it was let go still arrives, in order and without gaps, so it resumes from its last id.
        List<Long> got = stuck.ids().stream().map(Long::parseLong).toList();
        assertThat(got).hasSizeLessThan(101).isEqualTo(LongStream.rangeClosed(1, got.size()).boxed().toList());
    }

    @Test
    void endsEveryStreamAfterTheFinalStateIsWritten() {
        Client one = subscribe(new Client());
        Client two = subscribe(new Client());
        await(() -> one.received.size() == 1 && two.received.size() == 1);

        streams.changed(job, log.add(JobState.GENERATING));
        streams.changed(job, log.add(JobState.COMPLETED));

        await(() -> one.closed && two.closed);
        assertThat(one.ids()).containsExactly("1", "2", "3");
        assertThat(two.ids()).containsExactly("1", "2", "3");
        assertThat(streams.open()).isZero();
    }

    @Test
    void resumesAfterTheLastEventAClientHad() {
        for (int i = 0; i < 100; i++) {
            log.add(JobState.GENERATING);
        }
        Client back = new Client();
        assertThat(streams.subscribe(job, back, back, 30L)).isTrue();

        await(() -> back.received.size() == 71);
        assertThat(back.ids().get(0)).isEqualTo("31");
        assertThat(back.closed).as("a long catch-up is not mistaken for a slow client").isFalse();
    }

    private Client subscribe(Client client) {
        assertThat(streams.subscribe(job, client, client, null)).isTrue();
        return client;
    }

    /** Waits until {@code condition} holds, looking again each time a client receives or closes. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (Client.CHANGED) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("in time").isPositive();
                try {
                    Client.CHANGED.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** A container interface answered by a plain JDK object with the same methods. */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, method, args) -> {
            try {
                return method.getDeclaringClass().isInstance(target) ? method.invoke(target, args)
                        : target.getClass().getMethod(method.getName(), method.getParameterTypes()).invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** The job's recorded changes, in memory. */
    private final class Log extends EventLog {
        private final Map<Long, JobRecord> events = new ConcurrentHashMap<>();

        synchronized long add(JobState state) {
            long version = events.size() + 1;
            Instant now = Instant.now();
            events.put(version, new JobRecord(job, "test", "alice", state, 0, Json.createObjectBuilder().build(),
                    Json.createObjectBuilder().build(), null, 1, null, now, now, version));
            return version;
        }

        @Override
        public Optional<JobRecord> latest(UUID jobId) {
            return Optional.ofNullable(events.get((long) events.size()));
        }

        @Override
        public List<JobRecord> after(UUID jobId, long version) {
            return events.values().stream().filter(e -> e.version() > version)
                    .sorted((a, b) -> Long.compare(a.version(), b.version())).toList();
        }
    }

    /** The one job type, counting how often a job is presented. */
    private static final class OnePipeline extends Pipelines {
        private final AtomicInteger presented;

        OnePipeline(AtomicInteger presented) {
            this.presented = presented;
        }

        @Override
        public Pipeline of(String type) {
            return new Pipeline() {
                public Set<String> types() {
                    return Set.of("test");
                }

                public String firstStep() {
                    return "run";
                }

                public void run(String step, JobRun run) {
                }

                public Object present(JobRecord job) {
                    presented.incrementAndGet();
                    return Map.of("status", job.state().wire(), "version", job.version());
                }
            };
        }
    }

    /** A client's stream (and its {@code Sse}): takes what is sent, or blocks while it does not read. */
    private static final class Client implements SseEventSink, Sse {
        /** Notified whenever any client receives an event or is closed: what {@code await} waits on. */
        static final Object CHANGED = new Object();
        final List<OutboundSseEvent> received = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        private volatile CountDownLatch reading = new CountDownLatch(0);

        void stopReading() {
            reading = new CountDownLatch(1);
        }

        void readAgain() {
            reading.countDown();
        }

        List<String> ids() {
            return received.stream().map(OutboundSseEvent::getId).filter(id -> id != null).toList();
        }

        @Override
        public CompletionStage<?> send(OutboundSseEvent event) {
            // The gate as it stands when the write starts: a client that stops reading blocks the
            // writes after it stopped, never one it had already taken (it was seen received).
            CountDownLatch gate = reading;
            received.add(event);
            changed();
            try {
                gate.await(); // a socket that is full: the write waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            changed();
        }

        private static void changed() {
            synchronized (CHANGED) {
                CHANGED.notifyAll();
            }
        }

        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
            return new Event();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
            throw new UnsupportedOperationException();
        }
    }

    /** An outbound event and its builder in one. */
    private static final class Event implements OutboundSseEvent, OutboundSseEvent.Builder {
        private String id;
        private String name;
        private String comment;
        private Object data;
        private MediaType mediaType;

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder reconnectDelay(long milliseconds) {
            return this;
        }

        public Builder mediaType(MediaType mediaType) {
            this.mediaType = mediaType;
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        public Builder data(Class type, Object data) {
            this.data = data;
            return this;
        }

        public Builder data(GenericType type, Object data) {
            this.data = data;
            return this;
        }

        public Builder data(Object data) {
            this.data = data;
            return this;
        }

        public OutboundSseEvent build() {
            return this;
        }

        public Class<?> getType() {
            return data == null ? null : data.getClass();
        }

        public Type getGenericType() {
            return getType();
        }

        public MediaType getMediaType() {
            return mediaType;
        }

        public Object getData() {
            return data;
        }

        public String getId() {
            return id;
        }

        public String getName() {
            return name;
        }

        public String getComment() {
            return comment;
        }

        public long getReconnectDelay() {
            return -1;
        }

        public boolean isReconnectDelaySet() {
            return false;
        }
    }
}
