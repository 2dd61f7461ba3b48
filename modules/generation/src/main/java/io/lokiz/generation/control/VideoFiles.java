package io.lokiz.generation.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.UUID;

/**
 * A finished video: the stored keys of its files ({@code webm} and {@code hls} may be null) and
 * the MP4's facts. Keys, never URLs: URLs expire, keys do not.
 */
public record VideoFiles(UUID id, String mp4, String webm, String hls, String thumbnail,
                         double duration, long size, int width, int height) {

    /** The files as a job's output records them. */
    public JsonObject json() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("id", id.toString()).add("mp4", mp4).add("thumbnail", thumbnail)
                .add("duration", duration).add("size", size).add("width", width).add("height", height);
        if (webm != null) {
            json.add("webm", webm);
        }
        if (hls != null) {
            json.add("hls", hls);
        }
        return json.build();
    }

    /** Files a job's output recorded. */
    public static VideoFiles of(JsonObject json) {
        return new VideoFiles(UUID.fromString(json.getString("id")), json.getString("mp4"), json.getString("webm", null),
                json.getString("hls", null), json.getString("thumbnail"), json.getJsonNumber("duration").doubleValue(),
                json.getJsonNumber("size").longValue(), json.getInt("width"), json.getInt("height"));
    }
}
