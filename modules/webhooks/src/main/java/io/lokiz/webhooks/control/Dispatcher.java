package io.lokiz.webhooks.control;

import io.lokiz.fetch.FetchRefused;
import io.lokiz.fetch.GuardedFetcher;
import io.lokiz.fetch.GuardedPoster;
import io.lokiz.kernel.SchemaReady;
import io.lokiz.kernel.StandardWebhook;
import io.lokiz.webhooks.EventData;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * This node's sender. It claims due deliveries (woken as soon as a message commits here, and
 * every {@code poll} for retries and other nodes' messages), signs each with Standard Webhooks and
 * posts it without blocking a thread, each endpoint in a lane of its own: at most
 * {@code per-endpoint} requests in flight to one, so a slow receiver waits on its own lane only.
 * Answers are recorded in batches, a few transactions for many messages.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    private static final int ANSWER_BYTES = 1024;
    private static final int RECORD_BATCH = 500;

    @Resource
    ManagedExecutorService executor;
    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedThreadFactory threads;

    private final Deliveries deliveries;
    private final WebhookSettings settings;
    private final GuardedFetcher fetcher;
    private final Instance<EventData> renderers;
    private final Clock clock;

    /** One endpoint's deliveries on this node: those in flight, and those claimed that wait for a place. */
    private static final class Lane {
        final AtomicInteger inFlight = new AtomicInteger();
        final Queue<Claimed> waiting = new ConcurrentLinkedQueue<>();

        int load() {
            return inFlight.get() + waiting.size();
        }
    }

    private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final Queue<Outcome> answered = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicBoolean waking = new AtomicBoolean();
    private final Map<String, StandardWebhook> signers = new ConcurrentHashMap<>();
    private final Map<String, Optional<EventData>> rendererOf = new ConcurrentHashMap<>();
    private volatile GuardedPoster poster;
    private ScheduledFuture<?> ticking;

    @Inject
    public Dispatcher(Deliveries deliveries, WebhookSettings settings, GuardedFetcher fetcher, @Any Instance<EventData> renderers, Clock clock) {
        this.deliveries = deliveries;
        this.settings = settings;
        this.fetcher = fetcher;
        this.renderers = renderers;
        this.clock = clock;
    }

    protected Dispatcher() {
        this(null, null, null, null, null);
    }

    synchronized void start(@Observes SchemaReady ready) {
        if (ticking == null) {
            poster = fetcher.poster(settings.timeout(), settings.perEndpoint(), settings.inFlight(), threads);
            ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
            poster.close(); // what was in flight comes due again when its lease ends
        }
    }

    /** Messages committed here: send them now rather than at the next poll. */
    void written(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessagesWritten written) {
        wake();
    }

    /** Claims at once instead of at the next tick; calls while one look is queued fold into it. */
    public void wake() {
        if (ticking != null && waking.compareAndSet(false, true)) {
            executor.execute(() -> {
                waking.set(false);
                fill();
            });
        }
    }

    private void tick() {
        try {
            fill();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook sender: claiming failed; trying again on the next tick", e);
        }
    }

    /** Claims as many due deliveries as there are free places, and starts them. */
    private synchronized void fill() {
        if (ticking == null) {
            return;
        }
        int free = settings.inFlight() - held.get();
        if (free <= 0) {
            return;
        }
        Set<UUID> busy = lanes.entrySet().stream().filter(e -> e.getValue().load() >= settings.perEndpoint())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        List<Claimed> claimed = deliveries.claim(free, settings.perEndpoint(), busy);
        for (Claimed delivery : claimed) {
            held.incrementAndGet();
            Lane lane = lanes.computeIfAbsent(delivery.endpoint(), id -> new Lane());
            lane.waiting.add(delivery);
            drive(lane);
        }
    }

    /** Starts the lane's waiting deliveries while it has places. */
    private void drive(Lane lane) {
        while (true) {
            int now = lane.inFlight.get();
            if (now >= settings.perEndpoint() || lane.waiting.isEmpty()) {
                return;
            }
            if (!lane.inFlight.compareAndSet(now, now + 1)) {
                continue;
            }
            Claimed next = lane.waiting.poll();
            if (next == null) {
                lane.inFlight.decrementAndGet();
                return;
            }
            send(lane, next);
        }
    }

    private void send(Lane lane, Claimed delivery) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        byte[] body;
        Map<String, String> headers;
        try {
            body = body(delivery);
            String timestamp = Long.toString(started.getEpochSecond());
            headers = Map.of("webhook-id", delivery.message(), "webhook-timestamp", timestamp,
                    "webhook-signature", delivery.secrets().stream().map(s -> signer(s).signature(delivery.message(), timestamp, body))
                            .collect(Collectors.joining(" ")));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook message " + delivery.message() + " could not be made; it is tried again later", e);
            finish(lane, new Outcome(delivery, started, Optional.empty(), 0, "the message could not be made: " + e.getMessage(), Optional.empty()));
            return;
        }
        poster.post(delivery.url(), headers, body, ANSWER_BYTES).whenComplete((answer, failure) -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Outcome outcome;
            if (failure == null) {
                Optional<Duration> retryAfter = answer.status() == 429 || answer.status() == 503
                        ? answer.retryAfter().flatMap(v -> RetrySchedule.retryAfter(v, clock.instant())) : Optional.empty();
                outcome = new Outcome(delivery, started, Optional.of(answer.status()), millis,
                        new String(answer.head(), StandardCharsets.UTF_8), retryAfter);
            } else {
                outcome = new Outcome(delivery, started, Optional.empty(), millis, why(failure), Optional.empty());
            }
            finish(lane, outcome);
        });
    }

    /** The attempt is over: its place is free, its outcome waits to be recorded, and the lane and the claims go on. */
    private void finish(Lane lane, Outcome outcome) {
        lane.inFlight.decrementAndGet();
        held.decrementAndGet();
        answered.add(outcome);
        executor.execute(() -> {
            drive(lane);
            record();
            wake();
        });
    }

    /** Writes the outcomes waiting, in batches; one writer at a time. */
    private void record() {
        while (!answered.isEmpty() && recording.compareAndSet(false, true)) {
            try {
                List<Outcome> batch = new ArrayList<>();
                for (Outcome o; batch.size() < RECORD_BATCH && (o = answered.poll()) != null; ) {
                    batch.add(o);
                }
                if (!batch.isEmpty()) {
                    deliveries.record(batch);
                }
            } catch (RuntimeException e) {
                // Unrecorded, the deliveries stay leased; when the lease ends they are sent again (at least once).
                LOG.log(Level.WARNING, "webhook sender: attempts could not be recorded", e);
            } finally {
                recording.set(false);
            }
        }
    }

    /** The body receivers get: {@code type}, {@code timestamp} (when it happened) and {@code data}, made now. */
    private byte[] body(Claimed delivery) {
        var stored = Json.createReader(new StringReader(delivery.data())).readObject();
        JsonValue data = rendererOf.computeIfAbsent(delivery.type(), type -> renderers.stream().filter(r -> r.renders(type)).findFirst())
                .map(r -> r.render(delivery.type(), stored)).orElse(stored);
        return Json.createObjectBuilder().add("type", delivery.type()).add("timestamp", delivery.createdAt().toString()).add("data", data)
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private StandardWebhook signer(String secret) {
        if (signers.size() > 10_000) {
            signers.clear(); // rotated secrets pile up otherwise
        }
        return signers.computeIfAbsent(secret, s -> new StandardWebhook(s, clock, Duration.ZERO));
    }

    private static String why(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof FetchRefused) {
            return "refused by the URL guard: " + cause.getMessage();
        }
        if (cause instanceof TimeoutException) {
            return "no answer within the timeout";
        }
        return "no answer: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }
}
