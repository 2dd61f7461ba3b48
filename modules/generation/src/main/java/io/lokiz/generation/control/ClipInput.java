package io.lokiz.generation.control;

import io.lokiz.media.FrameSize;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.UUID;

/**
 * What a clip job (a preview, a template, a glitch) was asked, fixed when it was accepted: the
 * still (its id and stored key), the settings, the frame size they give, the provider, the price,
 * the provider's task, and for the plan's jobs the client's own request as the plan shows it back
 * ({@code request}). Previews have neither task nor request, and show their image and settings.
 */
public record ClipInput(UUID imageId, String imageKey, VideoSettings settings, FrameSize frame, String provider, int price,
                        ClipTask task, JsonObject request) implements JobInput {

    @Override
    public JsonObject shown() {
        return request != null ? request
                : Json.createObjectBuilder().add("image_id", imageId.toString()).add("settings", settings.json()).build();
    }

    @Override
    public JsonObject json() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("imageId", imageId.toString())
                .add("imageKey", imageKey)
                .add("settings", settings.json())
                .add("frame", Json.createObjectBuilder().add("width", frame.width()).add("height", frame.height()))
                .add("provider", provider)
                .add("price", price);
        if (task.json() != null) {
            json.add("task", task.json());
        }
        if (request != null) {
            json.add("request", request);
        }
        return json.build();
    }

    public static ClipInput of(JsonObject json) {
        JsonObject frame = json.getJsonObject("frame");
        return new ClipInput(UUID.fromString(json.getString("imageId")), json.getString("imageKey"),
                VideoSettings.of(json.getJsonObject("settings")), new FrameSize(frame.getInt("width"), frame.getInt("height")),
                json.getString("provider"), json.getInt("price"), ClipTask.of(json.getJsonObject("task")), json.getJsonObject("request"));
    }
}
