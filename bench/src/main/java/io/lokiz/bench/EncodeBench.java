package io.lokiz.bench;

import io.lokiz.media.EncodeSpec;
import io.lokiz.media.EncodedVideo;
import io.lokiz.media.FrameSize;
import io.lokiz.media.StillMotion;
import io.lokiz.media.VideoEncoder;
import io.lokiz.provenance.Made;
import io.lokiz.provenance.Provenance;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Our encode of a 4 s 720p video (MP4, WebM from the same decode, thumbnail, the HLS ladder)
 * against the same ffmpeg runs started bare, side by side in one run: what our orchestration
 * (probing, progress reading, process handling) costs on top of ffmpeg's own work; and the same
 * encode followed by signing its MP4 and thumbnail with C2PA content credentials, as every job
 * does: what provenance costs. Runs alternate so that drift in the machine's speed hits every
 * side alike; medians are reported.
 */
public final class EncodeBench {

    private EncodeBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("encode-bench");
        FrameSize size = FrameSize.forImage(720, 800, 1200);
        Path clip = dir.resolve("generated.mp4");
        new StillMotion().render(photo(dir.resolve("photo.png")), size, 24, 4, clip);
        var spec = new EncodeSpec(size, 24, 4, 2000, true, true);
        var encoder = new VideoEncoder();
        String ffmpeg = new DefaultFFMPEGLocator().getExecutablePath();

        ours(encoder, clip, spec, dir.resolve("warm-ours"));
        raw(ffmpeg, encoder.plan(clip, spec, null, dir.resolve("warm-raw")), dir.resolve("warm-raw"));
        var provenance = new Provenance(Optional.empty(), Optional.empty(), dir.toString(), Clock.systemUTC());
        var made = new Made("bench", "video_preview", "local", "still-motion", List.of(), Optional.empty(), Optional.empty());
        signed(encoder, provenance, made, clip, spec, dir.resolve("warm-signed")); // the key is made once, before timing
        long[] ours = new long[runs];
        long[] raw = new long[runs];
        long[] signed = new long[runs];
        long[] signing = new long[runs];
        for (int i = 0; i < runs; i++) {
            ours[i] = ours(encoder, clip, spec, dir.resolve("ours-" + i));
            Path out = dir.resolve("raw-" + i);
            raw[i] = raw(ffmpeg, encoder.plan(clip, spec, null, out), out);
            long[] both = signed(encoder, provenance, made, clip, spec, dir.resolve("signed-" + i));
            signed[i] = both[0];
            signing[i] = both[1];
        }
        double oursMedian = median(ours);
        double rawMedian = median(raw);
        double signedMedian = median(signed);
        System.out.printf("4 s 720p: MP4 + WebM + thumbnail + HLS ladder (%s), %d runs each%n", size, runs);
        System.out.printf("raw ffmpeg, same arguments: %8.0f ms (median)%n", rawMedian);
        System.out.printf("our encode:                 %8.0f ms (median)%n", oursMedian);
        System.out.printf("our encode, then signed:    %8.0f ms (median)%n", signedMedian);
        System.out.printf("ratio ours / raw:           %8.2f (target <= 1.10)%n", oursMedian / rawMedian);
        System.out.printf("ratio signed / ours:        %8.3f (target <= 1.05)%n", signedMedian / oursMedian);
        System.out.printf("signing alone:              %8.1f ms (median), %.2f %% of our encode%n", median(signing),
                100 * median(signing) / oursMedian);
    }

    private static long ours(VideoEncoder encoder, Path clip, EncodeSpec spec, Path out) {
        long start = System.nanoTime();
        encoder.encode(clip, spec, out, p -> { });
        return System.nanoTime() - start;
    }

    /**
     * The encode and then what every job does after it, a C2PA manifest signed into the MP4 and the
     * thumbnail: the whole, and the signing alone, in nanoseconds.
     */
    private static long[] signed(VideoEncoder encoder, Provenance provenance, Made made, Path clip, EncodeSpec spec, Path out)
            throws IOException {
        long start = System.nanoTime();
        EncodedVideo video = encoder.encode(clip, spec, out, p -> { });
        long encoded = System.nanoTime();
        provenance.sign(video.mp4(), made);
        provenance.sign(video.thumbnail(), made);
        long end = System.nanoTime();
        return new long[]{end - start, end - encoded};
    }

    /** The plan's runs, each a bare ffmpeg process with the preamble our runner uses (minus progress reporting). */
    private static long raw(String ffmpeg, List<List<String>> plan, Path out) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Files.createDirectories(out.resolve("hls"));
        for (List<String> run : plan) {
            var command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y"));
            command.addAll(run);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + String.join(" ", command));
            }
        }
        return System.nanoTime() - start;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e6;
    }

    private static Path photo(Path file) throws IOException {
        var image = new BufferedImage(800, 1200, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 140), 800, 1200, new Color(230, 180, 90)));
        g.fillRect(0, 0, 800, 1200);
        g.setColor(new Color(200, 40, 60));
        g.fillRoundRect(260, 240, 280, 720, 40, 40);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
