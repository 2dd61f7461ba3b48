package io.lokiz.generation.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * What a job recorded so far, whatever its type: the model asked, the provider's request and its result, then what
 * was made and stored (a video, a music track), the content credentials signed into its files and,
 * while storing waits, why. Storage keys, never
 * URLs: URLs expire, so they are made when a job is shown. The only reader and writer of a job's
 * output JSON.
 */
public record JobOutput(String model, String requestId, String result, VideoFiles video, String track, Double trackDuration,
                        UploadRetry uploadRetry, JsonObject credentials) {

    /** Nothing yet: a new attempt starts from here. */
    public static final JobOutput NONE = new JobOutput(null, null, null, null, null, null, null, null);

    public static JobOutput of(JsonObject json) {
        JsonObject video = json.getJsonObject("video");
        JsonObject retry = json.getJsonObject("uploadRetry");
        return new JobOutput(json.getString("model", null), json.getString("requestId", null),
                json.getString("result", json.getString("clip", null)), // "clip": jobs from before the plan's types
                video == null ? null : VideoFiles.of(video), json.getString("track", null),
                json.containsKey("trackDuration") ? json.getJsonNumber("trackDuration").doubleValue() : null,
                retry == null ? null : UploadRetry.of(retry), json.getJsonObject("credentials"));
    }

    public JsonObject json() {
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (model != null) {
            json.add("model", model);
        }
        if (requestId != null) {
            json.add("requestId", requestId);
        }
        if (result != null) {
            json.add("result", result);
        }
        if (video != null) {
            json.add("video", video.json());
        }
        if (track != null) {
            json.add("track", track).add("trackDuration", trackDuration);
        }
        if (uploadRetry != null) {
            json.add("uploadRetry", uploadRetry.json());
        }
        if (credentials != null) {
            json.add("credentials", credentials);
        }
        return json.build();
    }

    /** A new attempt, asking {@code model} (as {@code owner/name}); nothing of an earlier attempt stays. */
    public static JobOutput attempt(String model) {
        return new JobOutput(model, null, null, null, null, null, null, null);
    }

    /** The provider took the request and works on it under {@code id}. */
    public JobOutput withRequest(String id) {
        return new JobOutput(model, id, result, video, track, trackDuration, uploadRetry, credentials);
    }

    /** The provider's result: a {@code file:} URI of a local render, or the provider's URL. */
    public JobOutput withResult(String uri) {
        return new JobOutput(model, requestId, uri, video, track, trackDuration, uploadRetry, credentials);
    }

    /** The video was stored: no try waits anymore. */
    public JobOutput withVideo(VideoFiles files) {
        return new JobOutput(model, requestId, result, files, track, trackDuration, null, credentials);
    }

    /** The track was stored: no try waits anymore. */
    public JobOutput withTrack(String key, double duration) {
        return new JobOutput(model, requestId, result, video, key, duration, null, credentials);
    }

    /** Storing failed once more; the files wait in the job's spool. */
    public JobOutput withUploadRetry(UploadRetry retry) {
        return new JobOutput(model, requestId, result, video, track, trackDuration, retry, credentials);
    }

    /** The encoded files were signed; what their manifests say, by file ({@code mp4}, {@code thumbnail}, {@code track}). */
    public JobOutput withCredentials(JsonObject signed) {
        return new JobOutput(model, requestId, result, video, track, trackDuration, uploadRetry, signed);
    }

    /** Failed tries to store so far. */
    public int uploadFailures() {
        return uploadRetry == null ? 0 : uploadRetry.failures();
    }
}
