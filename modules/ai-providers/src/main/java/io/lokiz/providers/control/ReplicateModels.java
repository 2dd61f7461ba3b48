package io.lokiz.providers.control;

import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Locale;

/**
 * Which Replicate model makes each task, and the input it takes ({@code shared/reference/
 * providers.md}). Every model is configuration: {@code owner/name} is created through the model's
 * own route, {@code owner/name:<version id>} through {@code /v1/predictions} (community models,
 * and official ones billed as such). Wan's schemas change between versions, so every parameter
 * is sent explicitly.
 */
@ApplicationScoped
public class ReplicateModels {

    /** veo-3-fast takes these lengths only; the plan's 5–10 s templates are rounded to the nearest (ties up). */
    static final List<Integer> VEO_SECONDS = List.of(4, 6, 8);

    private final String template;
    private final String glitchAnimate;
    private final String glitchReplace;
    private final String music;
    private final boolean templateAudio;
    private final Prices prices;

    /** USD per second of what is asked ({@code lokiz.providers.replicate.price-per-second.*}). */
    public record Prices(double template, double templateAudio, double glitch, double music) {
    }

    @Inject
    public ReplicateModels(@ConfigProperty(name = "lokiz.providers.replicate.model.template", defaultValue = "google/veo-3-fast") String template,
                           @ConfigProperty(name = "lokiz.providers.replicate.model.glitch-animate",
                                   defaultValue = "wan-video/wan-2.2-animate-animation") String glitchAnimate,
                           @ConfigProperty(name = "lokiz.providers.replicate.model.glitch-replace",
                                   defaultValue = "wan-video/wan-2.2-animate-replace") String glitchReplace,
                           // bark is a community model: only its version route works.
                           @ConfigProperty(name = "lokiz.providers.replicate.model.music",
                                   defaultValue = "suno-ai/bark:b76242b40d67c76ab6742e987628a2a9ac019e11d56ab96c4e91ce03b79b2787") String music,
                           @ConfigProperty(name = "lokiz.providers.replicate.template-audio", defaultValue = "false") boolean templateAudio,
                           // veo-3-fast's published prices; Wan's and bark's are billed by GPU time: estimates, per second asked.
                           @ConfigProperty(name = "lokiz.providers.replicate.price-per-second.template", defaultValue = "0.10") double templatePrice,
                           @ConfigProperty(name = "lokiz.providers.replicate.price-per-second.template-audio", defaultValue = "0.15") double templateAudioPrice,
                           @ConfigProperty(name = "lokiz.providers.replicate.price-per-second.glitch", defaultValue = "0.08") double glitchPrice,
                           @ConfigProperty(name = "lokiz.providers.replicate.price-per-second.music", defaultValue = "0.005") double musicPrice) {
        this.template = template;
        this.glitchAnimate = glitchAnimate;
        this.glitchReplace = glitchReplace;
        this.music = music;
        this.templateAudio = templateAudio;
        this.prices = new Prices(templatePrice, templateAudioPrice, glitchPrice, musicPrice);
    }

    /** With the default prices. */
    public ReplicateModels(String template, String glitchAnimate, String glitchReplace, String music, boolean templateAudio) {
        this(template, glitchAnimate, glitchReplace, music, templateAudio, 0.10, 0.15, 0.08, 0.005);
    }

    protected ReplicateModels() {
        this("", "", "", "", false);
    }

    /** A prediction to create: the model, the body naming its input, and what it costs. */
    public record Prediction(String model, JsonObject input, double costUsd) {

        /** {@code owner/name} without a version: created through the model's own route. */
        public boolean official() {
            return !model.contains(":");
        }

        public String owner() {
            return model.substring(0, model.indexOf('/'));
        }

        public String name() {
            return model.substring(model.indexOf('/') + 1, official() ? model.length() : model.indexOf(':'));
        }

        public String version() {
            return model.substring(model.indexOf(':') + 1);
        }
    }

    /** The model that makes {@code task}, as configured ({@code owner/name}, or {@code owner/name:version}). */
    public String model(Task task) {
        if (task instanceof Task.Template) {
            return template;
        }
        if (task instanceof Task.GlitchAnimate) {
            return glitchAnimate;
        }
        if (task instanceof Task.GlitchReplace) {
            return glitchReplace;
        }
        if (task instanceof Task.Music) {
            return music;
        }
        throw new IllegalArgumentException("Replicate makes templates, glitch and music, not " + task.getClass().getSimpleName());
    }

    /** The model and input for the request's task; an image-to-video preview is fal's or ours, never Replicate's. */
    public Prediction prediction(GenerationRequest request) {
        Task task = request.task();
        if (task instanceof Task.Template t) {
            int seconds = veoSeconds(request.seconds());
            return new Prediction(model(task), Json.createObjectBuilder()
                    .add("prompt", templatePrompt(t))
                    .add("image", request.imageUrl())
                    .add("duration", seconds)
                    .add("aspect_ratio", request.size().height() > request.size().width() ? "9:16" : "16:9")
                    .add("resolution", shortSide(request) >= 1080 ? "1080p" : "720p")
                    .add("generate_audio", templateAudio)
                    .build(), seconds * (templateAudio ? prices.templateAudio() : prices.template()));
        }
        if (task instanceof Task.GlitchAnimate g) {
            return new Prediction(model(task), wan(request, g.templateVideoUrl())
                    .add("frames_per_second", 24)
                    .add("go_fast", true)
                    .add("merge_audio", true) // the template's sound is kept, as the local provider keeps it
                    .build(), request.seconds() * prices.glitch());
        }
        if (task instanceof Task.GlitchReplace g) {
            return new Prediction(model(task), wan(request, g.templateVideoUrl())
                    .add("frames_per_second", 30)
                    .add("go_fast", false)
                    .add("merge_audio", true)
                    .add("refert_num", 1)
                    .build(), request.seconds() * prices.glitch());
        }
        if (task instanceof Task.Music m) {
            return new Prediction(model(task), Json.createObjectBuilder()
                    // bark sings what stands between music notes; without them it speaks.
                    .add("prompt", "♪ " + m.prompt().strip() + " ♪")
                    .add("text_temp", 0.7)
                    .add("waveform_temp", 0.7)
                    .add("output_full", false)
                    .build(), request.seconds() * prices.music());
        }
        throw new IllegalArgumentException("Replicate makes templates, glitch and music, not " + task.getClass().getSimpleName());
    }

    /** The nearest length veo-3-fast takes. */
    static int veoSeconds(int seconds) {
        int best = VEO_SECONDS.get(0);
        for (int s : VEO_SECONDS) {
            if (Math.abs(s - seconds) <= Math.abs(best - seconds)) {
                best = s;
            }
        }
        return best;
    }

    private static String templatePrompt(Task.Template t) {
        String base = t.template().replace('_', ' ') + ", " + t.motion().toLowerCase(Locale.ROOT).replace('_', ' ') + " camera motion";
        return t.prompt().isBlank() ? base : t.prompt().strip() + ". " + base;
    }

    private static JsonObjectBuilder wan(GenerationRequest request, String templateVideoUrl) {
        return Json.createObjectBuilder()
                .add("video", templateVideoUrl)
                .add("character_image", request.imageUrl())
                .add("resolution", shortSide(request) >= 720 ? "720" : "480"); // no "p": Wan's own spelling
    }

    private static int shortSide(GenerationRequest request) {
        return request.size() == null ? 720 : Math.min(request.size().width(), request.size().height());
    }
}
