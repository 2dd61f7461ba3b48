package io.lokiz.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        assertThat(encoder.encoded(dir.resolve("out"))).contains(video);
    }

    @Test
    void laddersHlsFromTheSourceDownWithKeyframesStartingEverySegment() throws Exception {
        Path photo = TestImages.write(dir, "tall.png", 900, 1600);
        FrameSize size = FrameSize.forImage(1080, 900, 1600);
        Path generated = dir.resolve("generated.mp4");
        motion.render(photo, size, 24, 5, generated);

        Path hls = encoder.encode(generated, new EncodeSpec(size, 24, 5, 4500, false, true), dir.resolve("out"), p -> { })
                .hls().orElseThrow();

        String master = Files.readString(hls.resolve("index.m3u8"));
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")).toList()).hasSize(3).allSatisfy(l ->
                assertThat(l).contains("BANDWIDTH=").contains("RESOLUTION=").contains("CODECS=\"avc1."));
        assertThat(master).contains("RESOLUTION=1080x1920").contains("RESOLUTION=720x1280").contains("RESOLUTION=480x854");
        for (int v = 0; v < 3; v++) {
            String rendition = Files.readString(hls.resolve("stream_" + v + ".m3u8"));
            assertThat(rendition).contains("#EXT-X-ENDLIST").contains("#EXT-X-TARGETDURATION:2");
            assertThat(rendition).as("CMAF: an init segment, then fMP4 fragments").contains("#EXT-X-MAP:URI=\"init_" + v + ".mp4\"");
            assertThat(hls.resolve("init_" + v + ".mp4")).isRegularFile();
            List<String> segments = rendition.lines().filter(l -> l.endsWith(".m4s")).toList();
            assertThat(segments).hasSize(3); // 2 s + 2 s + 1 s, cut at the same times in every rendition
            for (String segment : segments) {
                assertThat(firstFrameIsKey(hls.resolve(segment))).as(segment).isTrue();
            }
        }
    }

    /** Read back by ffmpeg from the stream itself, the MP4's frame rate and video bitrate are the ones asked for. */
    @Test
    void encodesAtTheFrameRateAndBitrateAsked() throws Exception {
        Path photo = TestImages.write(dir, "tryon.jpg", 1024, 768);
        FrameSize size = FrameSize.forImage(720, 1024, 768);
        for (int[] asked : new int[][]{{24, 1000}, {30, 5000}}) { // the spec's ends: 24-30 fps, 1-5 Mbps
            Path generated = dir.resolve("generated-" + asked[0] + ".mp4");
            motion.render(photo, size, asked[0], 3, generated);
            EncodedVideo video = encoder.encode(generated, new EncodeSpec(size, asked[0], 3, asked[1], false, false),
                    dir.resolve("out-" + asked[0] + "-" + asked[1]), p -> { });

            Matcher stream = videoStream(video.mp4());
            assertThat(Double.parseDouble(stream.group(2))).as("fps").isEqualTo(asked[0]);
            assertThat(Integer.parseInt(stream.group(1))).as("kb/s of the video stream, %d asked", asked[1])
                    .isBetween(asked[1] * 85 / 100, asked[1] * 115 / 100);
        }
    }

    /** ffmpeg's own reading of the first video stream: group 1 its kb/s, group 2 its frame rate. */
    private static Matcher videoStream(Path video) throws Exception {
        String ffmpeg = new ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator().getExecutablePath();
        Process process = new ProcessBuilder(ffmpeg, "-hide_banner", "-i", video.toString()).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        Matcher stream = Pattern.compile("Stream #0:\\d+.*?: Video: .*?, (\\d+) kb/s.*?, ([\\d.]+) fps").matcher(said);
        assertThat(stream.find()).as(said).isTrue();
        return stream;
    }

    /**
     * Whether a CMAF segment's first video sample is a sync sample (a keyframe), as its first fragment says: the first
     * {@code trun} (the video track's, mapped first) gives its first sample's flags, or the {@code tfhd} before it gives
     * the defaults; ISO/IEC 14496-12's sample_is_non_sync_sample bit must be clear.
     */
    private static boolean firstFrameIsKey(Path segment) throws java.io.IOException {
        var box = java.nio.ByteBuffer.wrap(Files.readAllBytes(segment));
        Integer defaults = null;
        for (int at = 0; at + 8 <= box.limit(); at++) {
            String type = new String(box.array(), at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("tfhd")) {
                int flags = box.getInt(at + 4) & 0xFFFFFF;
                int field = at + 12; // after version, flags and track_ID
                field += (flags & 0x1) != 0 ? 8 : 0; // base_data_offset
                field += (flags & 0x2) != 0 ? 4 : 0; // sample_description_index
                field += (flags & 0x8) != 0 ? 4 : 0; // default_sample_duration
                field += (flags & 0x10) != 0 ? 4 : 0; // default_sample_size
                defaults = (flags & 0x20) != 0 ? box.getInt(field) : null;
            } else if (type.equals("trun")) {
                int flags = box.getInt(at + 4) & 0xFFFFFF;
                int field = at + 12 + ((flags & 0x1) != 0 ? 4 : 0); // after sample_count and data_offset
                int sample;
                if ((flags & 0x4) != 0) {
                    sample = box.getInt(field);
                } else if ((flags & 0x400) != 0) {
                    sample = box.getInt(field + ((flags & 0x100) != 0 ? 4 : 0) + ((flags & 0x200) != 0 ? 4 : 0));
                } else if (defaults != null) {
                    sample = defaults;
                } else {
                    return false;
                }
                return (sample & 0x00010000) == 0;
            }
        }
        return false;
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
