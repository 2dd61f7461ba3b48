package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BrandingTest {

    @TempDir
    Path dir;

    final Ffmpeg ffmpeg = new Ffmpeg();
    final VideoEncoder encoder = new VideoEncoder();

    @Test
    void framesTheVideoWithIntroAndOutroInOneEncodeWithSoundInStep() {
        Path intro = clip("intro.mp4", "testsrc2=s=640x360:r=25:d=2", true);   // landscape, with a jingle
        Path outro = clip("outro.mp4", "smptebars=s=320x240:r=30:d=1.5", false); // other shape, silent
        Path watermark = TestImages.write(dir, "logo.png", 200, 80);
        FrameSize size = FrameSize.forImage(720, 600, 800);
        Path generated = dir.resolve("generated.mp4");
        new StillMotion().render(TestImages.write(dir, "tryon.jpg", 600, 800), size, 24, 3, generated);
        var branding = new Branding(new Branding.Part(intro, 2.0, true), new Branding.Part(outro, 1.5, false), watermark,
                Branding.Corner.BOTTOM_RIGHT);

        EncodedVideo video = encoder.encode(generated, new EncodeSpec(size, 24, 3, 2000, true, true), branding, dir.resolve("out"), p -> { });

        assertThat(video.metadata().duration()).isCloseTo(6.5, within(0.1));
        assertThat(video.metadata().width()).isEqualTo(720);
        assertThat(video.metadata().height()).isEqualTo(1280);
        assertThat(decodedSeconds(video.mp4(), "0:a:0")).as("sound as long as the picture").isCloseTo(6.5, within(0.1));
        assertThat(decodedSeconds(video.mp4(), "0:v:0")).isCloseTo(6.5, within(0.1));
        assertThat(encoder.inspect(video.webm().orElseThrow()).duration()).isCloseTo(6.5, within(0.1));
    }

    @Test
    void drawsTheAiLabelInItsCornerAndNowhereElse() throws Exception {
        FrameSize size = FrameSize.forImage(720, 600, 800);
        Path generated = dir.resolve("generated.mp4");
        new StillMotion().render(TestImages.write(dir, "tryon.jpg", 600, 800), size, 24, 3, generated);
        var spec = new EncodeSpec(size, 24, 3, 2000, false, false);

        BufferedImage plain = ImageIO.read(encoder.encode(generated, spec, dir.resolve("plain"), p -> { }).thumbnail().toFile());
        BufferedImage labelled = ImageIO.read(encoder.encode(generated, spec.withAiLabel(Branding.Corner.TOP_LEFT), dir.resolve("labelled"),
                p -> { }).thumbnail().toFile());

        int w = plain.getWidth();
        int h = plain.getHeight();
        int margin = (int) Math.ceil(Math.min(w, h) * 0.03); // as the watermark's
        int labelWidth = Math.min(w, h) / 4;
        int labelHeight = labelWidth * 120 / 520; // the label image is 520 × 120
        assertThat(difference(plain, labelled, margin, margin, margin + labelWidth, margin + labelHeight))
                .as("the top-left corner carries the label").isGreaterThan(40);
        assertThat(difference(plain, labelled, w * 3 / 4, h * 9 / 10, w, h)).as("the opposite corner is untouched").isLessThan(4);
    }

    /** The mean absolute difference of the two images' luma over a rectangle, 0–255. */
    private static double difference(BufferedImage a, BufferedImage b, int x0, int y0, int x1, int y1) {
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += Math.abs(luma(a.getRGB(x, y)) - luma(b.getRGB(x, y)));
            }
        }
        return sum / ((x1 - x0) * (y1 - y0));
    }

    private static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
    }

    private Path clip(String name, String source, boolean sound) {
        Path out = dir.resolve(name);
        var args = new java.util.ArrayList<>(List.of("-f", "lavfi", "-i", source));
        if (sound) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=f=880:d=2", "-c:a", "aac", "-shortest"));
        }
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", out.toString()));
        ffmpeg.run(args, Duration.ofSeconds(30), s -> { });
        return out;
    }

    private double decodedSeconds(Path file, String stream) {
        var last = new AtomicReference<>(0.0);
        ffmpeg.run(List.of("-i", file.toString(), "-map", stream, "-f", "null", "-"), Duration.ofSeconds(30), last::set);
        return last.get();
    }
}
