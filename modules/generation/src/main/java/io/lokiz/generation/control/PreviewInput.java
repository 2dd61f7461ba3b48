package io.lokiz.generation.control;

import io.lokiz.media.FrameSize;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.UUID;

/**
 * What an image-to-video preview job was asked, fixed when it was accepted: the image (its id
 * and stored key), the settings, the frame size they give for that image, the provider, the price.
 */
public record PreviewInput(UUID imageId, String imageKey, VideoSettings settings, FrameSize frame, String provider, int price) {

    public JsonObject json() {
        return Json.createObjectBuilder()
                .add("imageId", imageId.toString())
                .add("imageKey", imageKey)
                .add("settings", settings.json())
                .add("frame", Json.createObjectBuilder().add("width", frame.width()).add("height", frame.height()))
                .add("provider", provider)
                .add("price", price)
                .build();
    }

    public static PreviewInput of(JsonObject json) {
        JsonObject frame = json.getJsonObject("frame");
        return new PreviewInput(UUID.fromString(json.getString("imageId")), json.getString("imageKey"),
                VideoSettings.of(json.getJsonObject("settings")), new FrameSize(frame.getInt("width"), frame.getInt("height")),
                json.getString("provider"), json.getInt("price"));
    }
}
