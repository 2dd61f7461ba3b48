package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
