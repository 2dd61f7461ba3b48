package io.lokiz.generation.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.Set;

/**
 * What the user asked the video to be (the spec's {@code VideoSettings}, with the bitrate its limits
 * table sets: 1-5 Mbps, 2 by default); always valid once built.
 */
public record VideoSettings(int duration, String resolution, int fps, String format, boolean enableHLS,
                            boolean enableBranding, double bitrate) {

    /** A preview's length (the spec's 3–5 s); the plan's jobs make 5–10 s (see {@code ClipInput}). */
    public static final int MIN_DURATION = 3;
    public static final int MAX_DURATION = 5;
    /** Any clip's length: the plan's templates and glitches run up to 10 s. */
    public static final int MAX_CLIP_SECONDS = 10;
    public static final int MIN_FPS = 24;
    public static final int MAX_FPS = 30;
    /** The video's bitrate in Mbps (REQ table: default 2, range 1-5). */
    public static final double MIN_BITRATE = 1;
    public static final double MAX_BITRATE = 5;
    public static final double DEFAULT_BITRATE = 2;
    private static final Set<String> RESOLUTIONS = Set.of("720p", "1080p");
    private static final Set<String> FORMATS = Set.of("mp4", "webm");
    /** The spec's defaults; declared after the sets it is checked against. */
    public static final VideoSettings DEFAULT = new VideoSettings(4, "720p", 24, "mp4", false, false);

    /** Settings at the default bitrate. */
    public VideoSettings(int duration, String resolution, int fps, String format, boolean enableHLS, boolean enableBranding) {
        this(duration, resolution, fps, format, enableHLS, enableBranding, DEFAULT_BITRATE);
    }

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
        if (!(bitrate >= MIN_BITRATE && bitrate <= MAX_BITRATE)) {
            throw new InvalidSettings("settings.bitrate", "must be 1 to 5 Mbps, was " + bitrate);
        }
    }

    /** The settings as a job's input records them. */
    public JsonObject json() {
        return Json.createObjectBuilder().add("duration", duration).add("resolution", resolution).add("fps", fps)
                .add("format", format).add("enableHLS", enableHLS).add("enableBranding", enableBranding).add("bitrate", bitrate).build();
    }

    /**
     * Settings a job's input recorded. Jobs recorded before the bitrate was a setting keep the rate
     * they were accepted with (4.5 Mbps at 1080p), so a retried encode matches its first try.
     */
    public static VideoSettings of(JsonObject json) {
        String resolution = json.getString("resolution");
        double bitrate = json.containsKey("bitrate") ? json.getJsonNumber("bitrate").doubleValue()
                : resolution.equals("1080p") ? 4.5 : DEFAULT_BITRATE;
        return new VideoSettings(json.getInt("duration"), resolution, json.getInt("fps"),
                json.getString("format"), json.getBoolean("enableHLS"), json.getBoolean("enableBranding"), bitrate);
    }

    /** The short side of the frame in pixels. */
    public int shortSide() {
        return resolution.equals("1080p") ? 1080 : 720;
    }

    /** The target video bitrate the encoder is given. */
    public int bitrateKbps() {
        return (int) Math.round(bitrate * 1000);
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
