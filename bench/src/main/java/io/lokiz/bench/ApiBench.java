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

    private final BenchTarget target;
    private final HttpClient http;

    private ApiBench(BenchTarget target) {
        this.target = target;
        this.http = target.http;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ApiBench <base url> <token> [rate=500] [seconds=10] [concurrency=32]");
            System.exit(2);
        }
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        var bench = new ApiBench(new BenchTarget(args[0], args[1]));
        String job = bench.target.finishedJob();
        Map<String, HttpRequest> reads = new LinkedHashMap<>();
        reads.put("/health/live (baseline)", bench.target.get("/health/live"));
        reads.put("status", bench.target.get("/api/video/status/" + job));
        reads.put("balance", bench.target.get("/api/credits/balance"));

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
                    BenchTarget.percentile(latencies, 50), BenchTarget.percentile(latencies, 99), BenchTarget.percentile(latencies, 100), throughput, throughput / liveRate);
        }
        System.out.printf(Locale.ROOT, "fixed rate %d requests/s for %d s each; full load: %d in flight for %d s%n",
                rate, seconds, concurrency, seconds);
        System.exit(0);
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

    private static void check(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + response.uri());
        }
    }
}
