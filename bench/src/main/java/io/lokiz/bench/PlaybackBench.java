package io.lokiz.bench;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * How soon a finished 1080p video shows its first frame in the studio's player, as a viewer's browser sees it:
 * headless Chromium (Debian's, through chromedriver) on the studio's own page, its cache off, timing from the moment
 * the player is given the video to the first frame it presents ({@code requestVideoFrameCallback}). The MP4 is the
 * baseline; HLS is played by the studio's hls.js with the studio's settings. The median of {@code runs} each, first
 * on an idle node, then while it makes {@code encodes} other 1080p videos ({@link EncodeLoad}). Usage:
 * {@code PlaybackBench <base url> <token> [runs=9] [encodes=1]}.
 */
public final class PlaybackBench {

    private static final Pattern MP4 = Pattern.compile("\"mp4\":\"([^\"]+)\"");
    private static final Pattern HLS = Pattern.compile("\"hls\":\"([^\"]+)\"");

    /**
     * One start: a fresh player element the size of the studio's, muted (so autoplay is allowed); the studio's hls.js
     * settings (studio.js) for HLS. Answers the milliseconds to the first presented frame, or an error's text.
     */
    private static final String FIRST_FRAME = """
            const [src, kind, done] = arguments;
            document.querySelectorAll('video.bench').forEach((old) => old.remove());
            const player = Object.assign(document.createElement('video'), { muted: true, playsInline: true, className: 'bench' });
            player.style.width = '640px';
            document.body.append(player);
            const started = performance.now();
            let hls = null;
            player.requestVideoFrameCallback(() => { done(performance.now() - started); if (hls) hls.destroy(); });
            player.addEventListener('error', () => done('error ' + (player.error && player.error.message)));
            if (kind === 'hls') {
              hls = new Hls({ capLevelToPlayerSize: true, startLevel: -1 });
              hls.on(Hls.Events.ERROR, (e, data) => { if (data.fatal) done('hls ' + data.details); });
              hls.loadSource(src);
              hls.attachMedia(player);
            } else {
              player.src = src;
            }
            player.play().catch(() => {});
            """;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PlaybackBench <base url> <token> [runs=9] [encodes=1]");
            System.exit(2);
        }
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        int encodes = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        var target = new BenchTarget(args[0], args[1]);
        String job = EncodeLoad.submit(target, EncodeLoad.upload(target));
        while (!EncodeLoad.ended(target, job)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        String status = target.send(target.get("/api/video/status/" + job));
        String mp4 = BenchTarget.find(MP4, status);
        String hls = BenchTarget.find(HLS, status);

        var browser = chromium();
        try {
            browser.get(target.base + "/");
            browser.executeCdpCommand("Network.enable", Map.of());
            browser.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
            var js = (JavascriptExecutor) browser;
            for (int warm = 0; warm < 2; warm++) { // the browser's decoders and the server's paths, once
                firstFrame(js, "mp4", mp4);
                firstFrame(js, "hls", hls);
            }
            System.out.printf(Locale.ROOT, "first frame of a 1080p video, median of %d, cache off%n", runs);
            report("idle node", js, mp4, hls, runs);
            try (var load = EncodeLoad.start(target, encodes)) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3)); // the encodes under way
                report("while " + encodes + " 1080p encode(s) run", js, mp4, hls, runs);
            }
        } finally {
            browser.quit();
        }
    }

    private static void report(String when, JavascriptExecutor js, String mp4, String hls, int runs) {
        double[] asMp4 = new double[runs];
        double[] asHls = new double[runs];
        for (int i = 0; i < runs; i++) { // alternated, so both see the same moments of the node
            asMp4[i] = firstFrame(js, "mp4", mp4);
            asHls[i] = firstFrame(js, "hls", hls);
        }
        double base = median(asMp4);
        double streamed = median(asHls);
        System.out.printf(Locale.ROOT, "%-34s MP4 (baseline) %6.0f ms   HLS %6.0f ms   HLS/MP4 %.2f%n", when, base, streamed, streamed / base);
    }

    private static double firstFrame(JavascriptExecutor js, String kind, String src) {
        Object answer = js.executeAsyncScript(FIRST_FRAME, src, kind);
        if (!(answer instanceof Number ms)) {
            throw new IllegalStateException(kind + " did not play: " + answer);
        }
        return ms.doubleValue();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static ChromeDriver chromium() throws Exception {
        var options = new ChromeOptions().setBinary(new File("/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--mute-audio",
                        "--disable-background-networking", "--autoplay-policy=no-user-gesture-required", "--window-size=1280,900",
                        "--user-data-dir=" + Files.createTempDirectory("chromium"));
        var browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return browser;
    }
}
