package io.lokiz.bench;

import io.lokiz.testing.WebhookReceiver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Outbound webhooks against a running server, each figure beside a plain loop of HTTP POSTs to the same
 * receiver measured the same way in the same run (the loop is what delivery would cost with no outbox, no
 * signatures, no log: the ceiling). The receiver runs in this process on this machine, reached as {@code localhost}
 * (start the server with {@code LOKIZ_FETCH_ALLOW_HTTP=true LOKIZ_FETCH_TRUSTED_HOSTS=localhost}).
 * <ul>
 *   <li><b>backlog</b>: {@code messages} test events written in bursts of 1,000 ({@code POST …/test {"count":1000}});
 *       messages per second from the first write to the last receipt, and each message's latency from its write
 *       (the payload's {@code timestamp}) to its receipt. The loop sends as many POSTs, 16 in flight (an endpoint's
 *       lane, {@code lokiz.webhooks.per-endpoint}), latency from the moment its burst was due.</li>
 *   <li><b>steady</b>: one event every 50 ms for 10 s, latency from write to receipt; the loop POSTs at the same rate.</li>
 * </ul>
 * Under load: {@code encodes} image-to-video previews are kept running on the server the whole time (their credits
 * granted to the caller first), so real encodes share the cores with the deliveries, as they do in production.
 * Usage: {@code WebhookBench <base url> <admin token> [messages=10000] [encodes=2]}.
 */
public final class WebhookBench {

    private static final int BURST = 1000;
    private static final int LANE = 16;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern WRITTEN = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    private static final Pattern SUBJECT = Pattern.compile("\"(?:upn|sub)\":\"([^\"]+)\"");

    private final BenchTarget target;
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private WebhookBench(BenchTarget target) {
        this.target = target;
    }

    record Figures(int messages, double perSecond, double p50, double p99, double max) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: WebhookBench <base url> <admin token> [messages=10000] [encodes=2]");
            System.exit(2);
        }
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int encodes = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        var bench = new WebhookBench(new BenchTarget(args[0], args[1]));
        String endpoint = bench.endpoint();
        var load = bench.encodes(encodes);
        try {
            bench.backlog(endpoint, BURST); // warm-up: JIT, pools, connections
            bench.loop(BURST);
            Figures lokiz = bench.backlog(endpoint, messages);
            Figures loop = bench.loop(messages);
            Figures lokizSteady = bench.steady(endpoint, 200);
            Figures loopSteady = bench.steadyLoop(200);
            System.out.printf(Locale.ROOT, "%-22s %9s %12s %9s %9s %9s%n", "", "messages", "messages/s", "p50 ms", "p99 ms", "max ms");
            print("backlog: plain loop", loop);
            print("backlog: Lokiz", lokiz);
            print("steady 20/s: loop", loopSteady);
            print("steady 20/s: Lokiz", lokizSteady);
            System.out.printf(Locale.ROOT, "backlog throughput vs loop %.2f, p99 vs loop %.2f; steady p99 vs loop %.2f; %d encodes in flight throughout (%d finished)%n",
                    lokiz.perSecond() / loop.perSecond(), lokiz.p99() / loop.p99(), lokizSteady.p99() / loopSteady.p99(), encodes, load.finished());
        } finally {
            load.stop();
            bench.target.http.send(bench.target.request("/api/admin/webhooks/endpoints/" + endpoint).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            bench.receiver.close();
        }
        System.exit(0);
    }

    private static void print(String what, Figures f) {
        System.out.printf(Locale.ROOT, "%-22s %9d %12.0f %9.2f %9.2f %9.2f%n", what, f.messages(), f.perSecond(), f.p50(), f.p99(), f.max());
    }

    /** An endpoint at this process's receiver, for an event the bench never causes: it hears only the test events. */
    private String endpoint() throws Exception {
        String made = target.send(json("/api/admin/webhooks/endpoints", "POST",
                "{\"url\":\"" + receiver.url() + "\",\"events\":[\"provider.budget_exhausted\"],\"description\":\"WebhookBench\"}"));
        return BenchTarget.find(ID, made);
    }

    /** {@code messages} test events in bursts, every one received; latency from each message's write. */
    private Figures backlog(String endpoint, int messages) throws Exception {
        Instant first = Instant.now();
        for (int sent = 0; sent < messages; sent += BURST) {
            int count = Math.min(BURST, messages - sent);
            target.send(json("/api/admin/webhooks/endpoints/" + endpoint + "/test", "POST", "{\"count\":" + count + "}"));
        }
        return received(messages, first);
    }

    /** The loop's backlog: as many POSTs, LANE in flight, each burst due when the Lokiz run would have written it. */
    private Figures loop(int messages) throws Exception {
        Instant first = Instant.now();
        var lane = new Semaphore(LANE);
        Instant due = first;
        for (int i = 0; i < messages; i++) {
            due = i % BURST == 0 ? Instant.now() : due;
            lane.acquire();
            post(due).whenComplete((answer, failure) -> lane.release());
        }
        return received(messages, first);
    }

    /** One event every 50 ms through Lokiz, each received; latency from write to receipt. */
    private Figures steady(String endpoint, int messages) throws Exception {
        return atTwentyPerSecond(messages, () -> target.send(json("/api/admin/webhooks/endpoints/" + endpoint + "/test", "POST", "{}")));
    }

    /** The loop at the same rate. */
    private Figures steadyLoop(int messages) throws Exception {
        return atTwentyPerSecond(messages, () -> post(Instant.now()));
    }

    private Figures atTwentyPerSecond(int messages, Callable<?> send) throws Exception {
        Instant first = Instant.now();
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            LockSupport.parkNanos(start + TimeUnit.MILLISECONDS.toNanos(i * 50L) - System.nanoTime());
            send.call();
        }
        return received(messages, first);
    }

    /** A plain POST of what a test event's body looks like, written at {@code written}. */
    private CompletableFuture<HttpResponse<Void>> post(Instant written) {
        String body = "{\"type\":\"webhook.test\",\"timestamp\":\"" + written + "\",\"data\":{}}";
        return plain.sendAsync(HttpRequest.newBuilder(URI.create(receiver.url())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Takes {@code messages} deliveries off the receiver (two minutes' silence ends the wait); latency from each body's timestamp. */
    private Figures received(int messages, Instant first) {
        long[] micros = new long[messages];
        Instant last = first;
        for (int i = 0; i < messages; i++) {
            WebhookReceiver.Delivery d = receiver.next(Duration.ofMinutes(2));
            if (d == null) {
                throw new IllegalStateException("only " + i + " of " + messages + " messages arrived");
            }
            Matcher written = WRITTEN.matcher(d.body());
            if (!written.find()) {
                throw new IllegalStateException("no timestamp in " + d.body());
            }
            micros[i] = Math.max(0, Duration.between(Instant.parse(written.group(1)), d.at()).toNanos() / 1000);
            last = d.at();
        }
        Arrays.sort(micros);
        double seconds = Duration.between(first, last).toNanos() / 1e9;
        return new Figures(messages, messages / seconds, BenchTarget.percentile(micros, 50), BenchTarget.percentile(micros, 99),
                micros[messages - 1] / 1000.0);
    }

    /** Previews kept running on the server, {@code count} at a time, on credits granted to the caller for it. */
    private Encodes encodes(int count) throws Exception {
        var load = new Encodes();
        if (count == 0) {
            return load;
        }
        String payload = new String(Base64.getUrlDecoder().decode(target.token.split("\\.")[1]), StandardCharsets.UTF_8);
        target.send(json("/api/admin/credits/grants", "POST", "{\"account\":\"" + BenchTarget.find(SUBJECT, payload)
                + "\",\"amount\":5000,\"reason\":\"WebhookBench's encodes\"}"));
        for (int i = 0; i < count; i++) {
            Thread worker = new Thread(() -> {
                while (!load.stopped.get()) {
                    try {
                        target.freshJob();
                        load.finished.incrementAndGet();
                    } catch (Exception e) {
                        if (!load.stopped.get()) {
                            System.err.println("an encode failed: " + e.getMessage());
                            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                        }
                    }
                }
            }, "encode-" + i);
            worker.setDaemon(true);
            worker.start();
        }
        return load;
    }

    private static final class Encodes {
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicInteger finished = new AtomicInteger();

        int finished() {
            return finished.get();
        }

        void stop() {
            stopped.set(true);
        }
    }

    private HttpRequest json(String path, String method, String body) {
        return target.request(path).header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
