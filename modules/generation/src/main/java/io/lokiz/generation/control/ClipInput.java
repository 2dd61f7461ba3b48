package io.lokiz.generation.control;

import io.lokiz.media.FrameSize;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.UUID;

/**
 * What a video job was asked, fixed when it was accepted: the still (its id and stored key), the
 * settings, the frame size they give, the provider, the price; for the plan's jobs also the
 * provider task ({@code task}: the template's motion and prompt, or the glitch's template video)
 * and the client's own request as the plan shows it back ({@code request}). Previews recorded
 * before the plan's jobs existed have neither, and read as plain previews.
 */
public record ClipInput(UUID imageId, String imageKey, VideoSettings settings, FrameSize frame, String provider, int price,
                        JsonObject task, JsonObject request) {

    public JsonObject json() {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("imageId", imageId.toString())
                .add("imageKey", imageKey)
                .add("settings", settings.json())
                .add("frame", Json.createObjectBuilder().add("width", frame.width()).add("height", frame.height()))
                .add("provider", provider)
                .add("price", price);
        if (task != null) {
            json.add("task", task);
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
                json.getString("provider"), json.getInt("price"), json.getJsonObject("task"), json.getJsonObject("request"));
    }
}
