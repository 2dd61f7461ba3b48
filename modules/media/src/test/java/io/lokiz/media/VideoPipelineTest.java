package io.lokiz.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The local provider's motion and the encoder, end to end with the real ffmpeg. */
class VideoPipelineTest {

    @TempDir
    Path dir;

    final StillMotion motion = new StillMotion();
    final VideoEncoder encoder = new VideoEncoder();

    @Test
    void makesAPortraitH264VideoOfTheRequestedLengthFromAPortraitPhoto() {
        Path photo = TestImages.write(dir, "tryon.jpg", 768, 1024);
        FrameSize size = FrameSize.forImage(720, 768, 1024);
        Path generated = dir.resolve("generated.mp4");
        motion.render(photo, size, 24, 4, generated);

        List<Integer> progress = new ArrayList<>();
        EncodedVideo video = encoder.encode(generated, new EncodeSpec(size, 24, 4, 2000, false, false), dir.resolve("out"), progress::add);

        assertThat(video.metadata().codec()).startsWith("h264");
        assertThat(video.metadata().width()).isEqualTo(720);
        assertThat(video.metadata().height()).isEqualTo(1280);
        assertThat(video.metadata().duration()).isCloseTo(4.0, within(0.1));
        assertThat(video.thumbnail()).isRegularFile();
        assertThat(video.webm()).isEmpty();
        assertThat(progress).isNotEmpty().isSorted();
    }

    @Test
    void makesALandscapeVideoFromALandscapePhotoWithWebmAndHls() throws Exception {
        Path photo = TestImages.write(dir, "wide.png", 1600, 900);
        FrameSize size = FrameSize.forImage(720, 1600, 900);
        Path generated = dir.resolve("generated.mp4");
        motion.render(photo, size, 30, 3, generated);

        EncodedVideo video = encoder.encode(generated, new EncodeSpec(size, 30, 3, 2000, true, true), dir.resolve("out"), p -> { });

        assertThat(video.metadata().width()).isEqualTo(1280);
        assertThat(video.metadata().height()).isEqualTo(720);
        assertThat(video.metadata().duration()).isCloseTo(3.0, within(0.1));
        VideoMetadata webm = encoder.inspect(video.webm().orElseThrow());
        assertThat(webm.codec()).startsWith("vp9");
        assertThat(webm.width()).isEqualTo(1280);
        Path playlist = video.hls().orElseThrow().resolve("index.m3u8");
        assertThat(Files.readString(playlist)).contains("#EXT-X-ENDLIST").contains("segment_000.ts");
        assertThat(encoder.encoded(dir.resolve("out"))).contains(video);
    }

    @Test
    void findsNoEncodedVideoWhereNoEncodeFinished() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/video.mp4"), "half an encode, no thumbnail yet");

        assertThat(encoder.encoded(dir.resolve("out"))).isEmpty();
        assertThat(encoder.encoded(dir.resolve("nowhere"))).isEmpty();
    }

    @Test
    void holdsTheLastFrameWhenTheGeneratedClipIsShorterThanAsked() {
        Path photo = TestImages.write(dir, "tryon.jpg", 600, 800);
        FrameSize size = FrameSize.forImage(720, 600, 800);
        Path generated = dir.resolve("short.mp4");
        motion.render(photo, size, 24, 2, generated);

        EncodedVideo video = encoder.encode(generated, new EncodeSpec(size, 24, 5, 2000, false, false), dir.resolve("out"), p -> { });

        assertThat(video.metadata().duration()).isCloseTo(5.0, within(0.1));
    }

    @Test
    void reportsAnUnreadableSourceClearly() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.mp4"), "not a video");
        FrameSize size = new FrameSize(1280, 720);

        assertThatThrownBy(() -> encoder.encode(broken, new EncodeSpec(size, 24, 4, 2000, false, false), dir.resolve("out"), p -> { }))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("ffmpeg failed");
    }
}
