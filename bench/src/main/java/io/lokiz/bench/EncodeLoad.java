package io.lokiz.bench;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The load users bring beside the requests being measured: {@code jobs} 1080p previews (5 s, 30 fps, HLS) always in
 * the making on the server, each made from a noisy 1080×1920 photo, so its ffmpeg has real work. As one completes the
 * next is asked for. The caller's credits pay for them (start the server with {@code LOKIZ_CREDITS_WELCOME_GRANT}
 * high enough, or grant some); a job refused for them stops the benchmark, saying so.
 */
final class EncodeLoad implements AutoCloseable {

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\":\"([^\"]+)\"");
    private static final Pattern IMAGE_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([^\"]+)\"");

    private final BenchTarget target;
    private final String image;
    private final List<Thread> makers = new ArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private EncodeLoad(BenchTarget target, String image) {
        this.target = target;
        this.image = image;
    }

    /** Starts {@code jobs} encodes that go on until {@link #close()}; none for 0. */
    static EncodeLoad start(BenchTarget target, int jobs) throws Exception {
        var load = new EncodeLoad(target, jobs == 0 ? null : upload(target));
        for (int i = 0; i < jobs; i++) {
            Thread maker = new Thread(load::keepEncoding, "encode-load-" + i);
            maker.setDaemon(true);
            maker.start();
            load.makers.add(maker);
        }
        return load;
    }

    /** Submits a 1080p preview now, for a benchmark that watches the job itself; answers its id. */
    static String submit(BenchTarget target, String image) throws Exception {
        return BenchTarget.find(JOB_ID, target.send(target.request("/api/video/generate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":5,"
                        + "\"resolution\":\"1080p\",\"fps\":30,\"bitrate\":4,\"enableHLS\":true}}")).build()));
    }

    /** A noisy portrait photo (the try-on shape), uploaded; answers its id. */
    static String upload(BenchTarget target) throws Exception {
        var picture = new BufferedImage(1080, 1920, BufferedImage.TYPE_INT_RGB);
        var random = new Random(42);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                picture.setRGB(x, y, (x * 255 / 1080) << 16 | (y * 255 / 1920) << 8 | random.nextInt(64));
            }
        }
        var jpeg = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpg", jpeg);
        return BenchTarget.find(IMAGE_ID, target.send(target.request("/api/images").header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg.toByteArray())).build()));
    }

    /** Whether {@code job} has reached a final state; a failed or canceled one is an error of the benchmark. */
    static boolean ended(BenchTarget target, String job) throws IOException, InterruptedException {
        String status = BenchTarget.find(STATUS, target.send(target.get("/api/video/status/" + job)));
        if (status.equals("failed") || status.equals("canceled")) {
            throw new IllegalStateException("job " + job + " " + status);
        }
        return status.equals("completed");
    }

    /** Encodes finished while the load ran. */
    int completed() {
        return completed.get();
    }

    private void keepEncoding() {
        try {
            while (running) {
                String job = submit(target, image);
                while (!ended(target, job)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
                }
                completed.incrementAndGet();
            }
        } catch (Exception e) {
            failure = new IllegalStateException("the encode load stopped: " + e.getMessage(), e);
        }
    }

    /** Stops asking for more and waits for what is being made, so the next measurement starts idle; fails if the load did. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread maker : makers) {
            maker.join(TimeUnit.MINUTES.toMillis(3));
        }
        if (failure != null) {
            throw failure;
        }
    }
}
