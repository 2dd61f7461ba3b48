package io.lokiz.generation.control;

import io.lokiz.media.FrameSize;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's input and output read back exactly as written, and what jobs recorded before today's shapes still reads. */
class JobOutputTest {

    final VideoFiles video = new VideoFiles(UUID.randomUUID(), "videos/v/video.mp4", null, "videos/v/hls/index.m3u8",
            "videos/v/thumbnail.jpg", 4.0, 123_456, 720, 1280);

    @Test
    void anOutputReadsBackAsWritten() {
        JobOutput output = JobOutput.attempt("acme/model-1").withRequest("req-1").withResult("https://cdn.example/clip.mp4")
                .withUploadRetry(new UploadRetry(2, "down", Instant.parse("2026-12-02T10:00:00Z")));

        assertThat(JobOutput.of(output.json())).isEqualTo(output);
        assertThat(JobOutput.of(output.withVideo(video).json())).isEqualTo(output.withVideo(video));
        assertThat(JobOutput.of(output.withTrack("audio/t/track.m4a", 12.5).json()).trackDuration()).isEqualTo(12.5);
    }

    @Test
    void storingForgetsTheFailedTries() {
        JobOutput waiting = JobOutput.NONE.withUploadRetry(new UploadRetry(3, "down", Instant.now()));

        assertThat(waiting.withVideo(video).uploadRetry()).isNull();
        assertThat(waiting.withTrack("audio/t/track.m4a", 3).uploadRetry()).isNull();
    }

    @Test
    void aResultRecordedAsClipBeforeThePlansTypesStillReads() {
        assertThat(JobOutput.of(Json.createObjectBuilder().add("clip", "file:///tmp/clip.mp4").build()).result())
                .isEqualTo("file:///tmp/clip.mp4");
    }

    @Test
    void eachClipTaskReadsBackAsItsOwnKind() {
        for (ClipTask task : new ClipTask[]{new ClipTask.Animate(), new ClipTask.Template("ai_hug", "orbit", "two people hugging"),
                new ClipTask.Glitch("videos/t/video.mp4", "dance")}) {
            var input = new ClipInput(UUID.randomUUID(), "images/i.png", VideoSettings.DEFAULT, new FrameSize(720, 1280), "local", 10,
                    task, null);

            assertThat(ClipInput.of(input.json())).isEqualTo(input);
        }
    }

    @Test
    void aPreviewShowsItsImageAndSettingsThePlansJobsTheirRequest() {
        UUID image = UUID.randomUUID();
        var preview = new ClipInput(image, "images/i.png", VideoSettings.DEFAULT, new FrameSize(720, 1280), "local", 10,
                new ClipTask.Animate(), null);
        var asked = Json.createObjectBuilder().add("template", "ai_hug").build();
        var template = new ClipInput(image, "images/i.png", VideoSettings.DEFAULT, new FrameSize(720, 1280), "local", 20,
                new ClipTask.Template("ai_hug", "orbit", ""), asked);

        assertThat(preview.shown().getString("image_id")).isEqualTo(image.toString());
        assertThat(preview.shown().getJsonObject("settings")).isEqualTo(VideoSettings.DEFAULT.json());
        assertThat(template.shown()).isEqualTo(asked);
    }
}
