package io.lokiz.bench;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's common reads under load, against a running server, each beside {@code /health/live}
 * measured the same way in the same run (the load generator shares the machine's cores, so only
 * the ratio travels): a job's status and the caller's balance at a fixed rate (open loop:
 * latency counts from when a request was due, so a stalled server cannot hide its queue), then at
 * full load (closed loop, {@code concurrency} requests in flight). Usage:
 * {@code ApiBench <base url> <token> [rate=500] [seconds=10] [concurrency=32]}.
 */
public final class ApiBench {

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\":\"([^\"]+)\"");
    private static final Pattern IMAGE_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    private final String base;
    private final String token;

    private ApiBench(String base, String token) {
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ApiBench <base url> <token> [rate=500] [seconds=10] [concurrency=32]");
            System.exit(2);
        }
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        var bench = new ApiBench(args[0], args[1]);
        String job = bench.finishedJob();
        Map<String, HttpRequest> reads = new LinkedHashMap<>();
        reads.put("/health/live (baseline)", bench.get("/health/live"));
        reads.put("status", bench.get("/api/video/status/" + job));
        reads.put("balance", bench.get("/api/credits/balance"));

        for (HttpRequest read : reads.values()) {
            bench.closedLoop(read, concurrency, 5); // warm-up: JIT, pools, caches
        }
        System.out.printf(Locale.ROOT, "%-26s %12s %12s %12s %14s %10s%n", "endpoint", "p50 ms", "p99 ms", "max ms",
                "full load/s", "vs live");
        double liveRate = 0;
        for (var read : reads.entrySet()) {
            long[] latencies = bench.fixedRate(read.getValue(), rate, seconds);
            double throughput = bench.closedLoop(read.getValue(), concurrency, seconds);
            if (liveRate == 0) {
                liveRate = throughput;
            }
            System.out.printf(Locale.ROOT, "%-26s %12.2f %12.2f %12.2f %14.0f %9.2fx%n", read.getKey(),
                    percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100), throughput, throughput / liveRate);
        }
        System.out.printf(Locale.ROOT, "fixed rate %d requests/s for %d s each; full load: %d in flight for %d s%n",
                rate, seconds, concurrency, seconds);
        System.exit(0);
    }

    /** A finished job of the caller's, made now: its status is what the benchmark reads. */
    private String finishedJob() throws Exception {
        var png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png);
        String image = find(IMAGE_ID, send(HttpRequest.newBuilder(URI.create(base + "/api/images")).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray()))));
        String job = find(JOB_ID, send(HttpRequest.newBuilder(URI.create(base + "/api/video/generate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3}}"))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!find(STATUS, send(HttpRequest.newBuilder(URI.create(base + "/api/video/status/" + job)).GET())).equals("completed")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " did not complete");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return job;
    }

    /** Latencies (µs) of {@code rate} requests a second for {@code seconds}, each timed from when it was due. */
    private long[] fixedRate(HttpRequest request, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        var latencies = new ConcurrentLinkedQueue<Long>();
        var pending = new ArrayList<CompletableFuture<?>>(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> {
                        check(r);
                        latencies.add((System.nanoTime() - due) / 1000);
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** Requests a second with {@code concurrency} always in flight, for {@code seconds}. */
    private double closedLoop(HttpRequest request, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        var done = new AtomicLong();
        var loops = new ArrayList<CompletableFuture<Void>>();
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            loops.add(loop(request, end, done));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(seconds + 60L, TimeUnit.SECONDS);
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private CompletableFuture<Void> loop(HttpRequest request, long end, AtomicLong done) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenCompose(r -> {
            check(r);
            done.incrementAndGet();
            return System.nanoTime() < end ? loop(request, end, done) : CompletableFuture.completedFuture(null);
        });
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build();
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    private static void check(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + response.uri());
        }
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("not in " + body);
        }
        return m.group(1);
    }

    /** The {@code p}th percentile of sorted latencies in µs, as milliseconds. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
