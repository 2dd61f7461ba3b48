package io.lokiz.generation.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.Set;

/** What the user asked the video to be (the spec's {@code VideoSettings}); always valid once built. */
public record VideoSettings(int duration, String resolution, int fps, String format, boolean enableHLS,
                            boolean enableBranding) {

    /** A preview's length (the spec's 3–5 s); the plan's jobs make 5–10 s (see {@code ClipInput}). */
    public static final int MIN_DURATION = 3;
    public static final int MAX_DURATION = 5;
    /** Any clip's length: the plan's templates and glitches run up to 10 s. */
    public static final int MAX_CLIP_SECONDS = 10;
    public static final int MIN_FPS = 24;
    public static final int MAX_FPS = 30;
    private static final Set<String> RESOLUTIONS = Set.of("720p", "1080p");
    private static final Set<String> FORMATS = Set.of("mp4", "webm");
    /** The spec's defaults; declared after the sets it is checked against. */
    public static final VideoSettings DEFAULT = new VideoSettings(4, "720p", 24, "mp4", false, false);

    public VideoSettings {
        if (duration < MIN_DURATION || duration > MAX_CLIP_SECONDS) {
            throw new InvalidSettings("settings.duration", "must be 3 to 10 seconds, was " + duration);
        }
        if (!RESOLUTIONS.contains(resolution)) {
            throw new InvalidSettings("settings.resolution", "must be \"720p\" or \"1080p\", was \"" + resolution + "\"");
        }
        if (fps < MIN_FPS || fps > MAX_FPS) {
            throw new InvalidSettings("settings.fps", "must be between 24 and 30, was " + fps);
        }
        if (!FORMATS.contains(format)) {
            throw new InvalidSettings("settings.format", "must be \"mp4\" or \"webm\", was \"" + format + "\"");
        }
    }

    /** The settings as a job's input records them. */
    public JsonObject json() {
        return Json.createObjectBuilder().add("duration", duration).add("resolution", resolution).add("fps", fps)
                .add("format", format).add("enableHLS", enableHLS).add("enableBranding", enableBranding).build();
    }

    /** Settings a job's input recorded. */
    public static VideoSettings of(JsonObject json) {
        return new VideoSettings(json.getInt("duration"), json.getString("resolution"), json.getInt("fps"),
                json.getString("format"), json.getBoolean("enableHLS"), json.getBoolean("enableBranding"));
    }

    /** The short side of the frame in pixels. */
    public int shortSide() {
        return resolution.equals("1080p") ? 1080 : 720;
    }

    /** Target video bitrate: the spec's 2 Mbps default at 720p, scaled with pixel count up to its 5 Mbps cap. */
    public int bitrateKbps() {
        return resolution.equals("1080p") ? 4500 : 2000;
    }

    /** A setting outside its range; names the field as the client sent it. */
    public static final class InvalidSettings extends IllegalArgumentException {
        private final String field;

        public InvalidSettings(String field, String message) {
            super(field + " " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
