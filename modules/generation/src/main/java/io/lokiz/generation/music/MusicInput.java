package io.lokiz.generation.music;

import io.lokiz.generation.control.JobInput;
import io.lokiz.generation.control.VideoFiles;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** What a music job was asked: the prompt and length, the finished video to lay the track under (or null), the provider, the price. */
public record MusicInput(String provider, int price, String prompt, int duration, VideoFiles video) implements JobInput {

    @Override
    public JsonObject shown() {
        JsonObjectBuilder shown = Json.createObjectBuilder().add("prompt", prompt).add("duration", duration);
        if (video != null) {
            shown.add("video_id", video.id().toString());
        }
        return shown.build();
    }

    @Override
    public JsonObject json() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("provider", provider).add("price", price).add("prompt", prompt)
                .add("duration", duration);
        if (video != null) {
            json.add("video", video.json());
        }
        return json.build();
    }

    public static MusicInput of(JsonObject json) {
        JsonObject video = json.getJsonObject("video");
        return new MusicInput(json.getString("provider"), json.getInt("price"), json.getString("prompt"), json.getInt("duration"),
                video == null ? null : VideoFiles.of(video));
    }
}
