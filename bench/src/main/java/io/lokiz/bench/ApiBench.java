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
 * latency counts from when a request was due, so a stalled server cannot hide its queue), first on an idle node and
 * then while it makes {@code encodes} 1080p videos ({@link EncodeLoad}), the idle figure the baseline of the other;
 * then at full load on the idle node (closed loop, {@code concurrency} requests in flight). Usage:
 * {@code ApiBench <base url> <token> [rate=500] [seconds=10] [concurrency=32] [encodes=2]}.
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
            System.err.println("usage: ApiBench <base url> <token> [rate=500] [seconds=10] [concurrency=32] [encodes=2]");
            System.exit(2);
        }
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        int encodes = args.length > 5 ? Integer.parseInt(args[5]) : 2;
        var bench = new ApiBench(new BenchTarget(args[0], args[1]));
        String job = bench.target.finishedJob();
        Map<String, HttpRequest> reads = new LinkedHashMap<>();
        reads.put("/health/live (baseline)", bench.target.get("/health/live"));
        reads.put("status", bench.target.get("/api/video/status/" + job));
        reads.put("balance", bench.target.get("/api/credits/balance"));

        for (HttpRequest read : reads.values()) {
            bench.closedLoop(read, concurrency, 5); // warm-up: JIT, pools, caches
        }
        Map<String, Run> idle = new LinkedHashMap<>();
        for (var read : reads.entrySet()) {
            idle.put(read.getKey(), bench.fixedRate(read.getValue(), rate, seconds));
        }
        Map<String, Run> encoding = new LinkedHashMap<>();
        int encoded;
        try (var load = EncodeLoad.start(bench.target, encodes)) {
            TimeUnit.SECONDS.sleep(3); // the encodes under way
            for (var read : reads.entrySet()) {
                encoding.put(read.getKey(), bench.fixedRate(read.getValue(), rate, seconds));
            }
            encoded = load.completed();
        }
        System.out.printf(Locale.ROOT, "%-24s %9s %9s %9s %9s %9s %9s %10s %12s %8s%n", "endpoint", "p50 ms", "p99 ms", "sent/s",
                "enc p50", "enc p99", "enc sent", "p99 ×idle", "full load/s", "vs live");
        double liveRate = 0;
        for (var read : reads.entrySet()) {
            double throughput = bench.closedLoop(read.getValue(), concurrency, seconds);
            if (liveRate == 0) {
                liveRate = throughput;
            }
            Run quiet = idle.get(read.getKey());
            Run busy = encoding.get(read.getKey());
            System.out.printf(Locale.ROOT, "%-24s %9.2f %9.2f %9.0f %9.2f %9.2f %9.0f %9.2fx %12.0f %7.2fx%n", read.getKey(),
                    quiet.p(50), quiet.p(99), quiet.sentPerSecond(), busy.p(50), busy.p(99), busy.sentPerSecond(), busy.p(99) / quiet.p(99),
                    throughput, throughput / liveRate);
        }
        System.out.printf(Locale.ROOT, "fixed rate %d requests/s for %d s each, idle and beside %d 1080p encodes (%d finished meanwhile); "
                + "full load: %d in flight for %d s%n", rate, seconds, encodes, encoded, concurrency, seconds);
        System.exit(0);
    }

    /** A fixed-rate run: its sorted latencies (µs) and the rate the generator managed to send at. */
    record Run(long[] latencies, double sentPerSecond) {
        double p(double percentile) {
            return BenchTarget.percentile(latencies, percentile);
        }
    }

    /** {@code rate} requests a second for {@code seconds}, each timed from when it was due. */
    private Run fixedRate(HttpRequest request, int rate, int seconds) throws Exception {
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
        double sentPerSecond = total / ((System.nanoTime() - start) / 1e9);
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return new Run(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), sentPerSecond);
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
