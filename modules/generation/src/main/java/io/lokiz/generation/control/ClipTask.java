package io.lokiz.generation.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** What the provider is asked to do with a clip job's still, beside animating it. */
public sealed interface ClipTask {

    /** The task as a clip input records it; null for a plain animation. */
    JsonObject json();

    /** A preview: the still animated. */
    record Animate() implements ClipTask {
        @Override
        public JsonObject json() {
            return null;
        }
    }

    /** A motion template: its id, its motion and the prompt. */
    record Template(String template, String motion, String prompt) implements ClipTask {
        @Override
        public JsonObject json() {
            return Json.createObjectBuilder().add("template", template).add("motion", motion).add("prompt", prompt).build();
        }
    }

    /** A glitch: the stored template video whose motion or subject is applied, and the prompt. */
    record Glitch(String templateKey, String prompt) implements ClipTask {
        @Override
        public JsonObject json() {
            return Json.createObjectBuilder().add("templateKey", templateKey).add("prompt", prompt).build();
        }
    }

    /** A recorded task, told apart by its fields (previews record none). */
    static ClipTask of(JsonObject json) {
        if (json == null) {
            return new Animate();
        }
        if (json.containsKey("templateKey")) {
            return new Glitch(json.getString("templateKey"), json.getString("prompt", ""));
        }
        return new Template(json.getString("template"), json.getString("motion"), json.getString("prompt", ""));
    }
}
