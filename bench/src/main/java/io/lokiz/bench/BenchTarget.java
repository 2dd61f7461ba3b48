package io.lokiz.bench;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running Lokiz server as the API and SSE benchmarks see it: requests with the caller's token,
 * a finished job of the caller's made on demand, and the server process's memory.
 */
final class BenchTarget {

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\":\"([^\"]+)\"");
    private static final Pattern IMAGE_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern LISTED_ID = Pattern.compile("\"jobs\":\\[\\{[^\\]]*?\"id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([^\"]+)\"");
    private static final Pattern USED_HEAP = Pattern.compile("(?m)^[a-z_]*memory_usedHeap_bytes\\{[^}]*} ([0-9.E+]+)");

    final HttpClient http;
    final String base;
    final String token;

    BenchTarget(String base, String token) {
        // HTTP/1.1 as browsers' EventSource and most API clients speak it to the server.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, BenchTarget::daemon)).build();
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    /**
     * The client's threads must not keep the JVM alive: {@code exec:java} waits for every other thread before it
     * reports how {@code main} ended, so a failed request would otherwise hang the benchmark without a word.
     */
    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "bench-http");
        thread.setDaemon(true);
        return thread;
    }

    HttpRequest get(String path) {
        return request(path).GET().build();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    /** The body of a request that must succeed. */
    String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    /**
     * A finished preview of the caller's: the latest there is, else one made now from a small
     * picture on the server's default provider (so repeated runs do not spend the caller's credits).
     */
    String finishedJob() throws Exception {
        Matcher done = LISTED_ID.matcher(send(get("/v1/ai/jobs?type=video_preview&status=completed&limit=1")));
        return done.find() ? done.group(1) : freshJob();
    }

    /** A preview made now from a small picture on the server's default provider, once it completed. */
    String freshJob() throws Exception {
        var png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png);
        String image = find(IMAGE_ID, send(request("/api/images").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build()));
        String job = find(JOB_ID, send(request("/api/video/generate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3}}")).build()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!find(STATUS, send(get("/api/video/status/" + job))).equals("completed")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " did not complete");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return job;
    }

    /** The server's used heap in MB, from its {@code /metrics}. */
    double heapMb() throws IOException, InterruptedException {
        return Double.parseDouble(find(USED_HEAP, send(HttpRequest.newBuilder(URI.create(base + "/metrics?scope=base")).GET().build())))
                / (1 << 20);
    }

    /** The resident set of process {@code pid} in MB (Linux), or NaN when it cannot be read. */
    static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or not ours
        }
        return Double.NaN;
    }

    /** The Liberty server process on this machine (the one whose command line names {@code ws-server.jar}), or -1. */
    static long serverPid() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ws-server.jar")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    static String find(Pattern pattern, String body) {
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
