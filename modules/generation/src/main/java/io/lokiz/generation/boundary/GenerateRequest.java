package io.lokiz.generation.boundary;

import io.lokiz.generation.control.VideoSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Objects;

/** The body of {@code POST /api/video/generate}; every setting is optional. */
@Schema(example = "{\"tryonImageId\": \"4f1c2a9e-7b7d-4c38-9a51-2c2f4d8e6b10\", \"settings\": {\"duration\": 5, \"resolution\": \"1080p\", \"fps\": 30, \"bitrate\": 4, \"format\": \"mp4\", \"enableHLS\": true}}")
public record GenerateRequest(@NotNull(message = "is required") String tryonImageId, Settings settings) {

    /** Settings as sent: absent ones take the spec's defaults. */
    @Schema(name = "VideoSettingsRequest")
    public record Settings(@Min(VideoSettings.MIN_DURATION) @Max(VideoSettings.MAX_DURATION) Integer duration,
                           String resolution,
                           @Min(VideoSettings.MIN_FPS) @Max(VideoSettings.MAX_FPS) Integer fps,
                           String format, Boolean enableHLS, Boolean enableBranding,
                           @Schema(minimum = "1", maximum = "5", description = "The video's bitrate in Mbps (default 2)") Double bitrate) {

        VideoSettings resolve() {
            VideoSettings d = VideoSettings.DEFAULT;
            return new VideoSettings(
                    Objects.requireNonNullElse(duration, d.duration()),
                    Objects.requireNonNullElse(resolution, d.resolution()),
                    Objects.requireNonNullElse(fps, d.fps()),
                    Objects.requireNonNullElse(format, d.format()),
                    Objects.requireNonNullElse(enableHLS, d.enableHLS()),
                    Objects.requireNonNullElse(enableBranding, d.enableBranding()),
                    Objects.requireNonNullElse(bitrate, d.bitrate()));
        }
    }
}
