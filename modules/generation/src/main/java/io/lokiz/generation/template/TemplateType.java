package io.lokiz.generation.template;

import io.lokiz.generation.control.ClipInput;
import io.lokiz.generation.control.ClipTask;
import io.lokiz.generation.control.Intake;
import io.lokiz.generation.control.JobInput;
import io.lokiz.generation.control.JobType;
import io.lokiz.generation.control.Stills;
import io.lokiz.generation.control.Templates;
import io.lokiz.generation.control.VideoPipeline;
import io.lokiz.generation.control.VideoSettings;
import io.lokiz.kernel.Problem;
import io.lokiz.media.FrameSize;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.UUID;

/** A motion template (the plan's I2V template): one of the catalogue's enabled templates, its motion applied to the user's still. */
@ApplicationScoped
public class TemplateType implements JobType<TemplateRequest> {

    private final Stills stills;
    private final Templates templates;
    private final VideoProviders providers;

    @Inject
    public TemplateType(Stills stills, Templates templates, VideoProviders providers) {
        this.stills = stills;
        this.templates = templates;
        this.providers = providers;
    }

    protected TemplateType() {
        this(null, null, null);
    }

    @Override
    public String name() {
        return VideoPipeline.TEMPLATE;
    }

    @Override
    public Class<TemplateRequest> requestType() {
        return TemplateRequest.class;
    }

    @Override
    public Intake.InputMaker prepare(String user, TemplateRequest request) {
        Templates.Template template = templates.find(request.template()).filter(Templates.Template::enabled)
                .orElseThrow(() -> Problem.invalid("template", "no template \"" + request.template() + "\"; GET /v1/ai/templates lists them"));
        UUID imageId = stills.imported(user, request.image());
        String prompt = request.prompt() == null || request.prompt().isBlank() ? template.defaultPrompt() : request.prompt();
        String resolution = request.resolution() == null ? "720p" : request.resolution();
        VideoSettings settings = new VideoSettings(request.duration(), resolution, 24, "mp4", false, false);
        JsonObject shown = Json.createObjectBuilder().add("image_id", imageId.toString()).add("template", template.id())
                .add("prompt", prompt).add("duration", request.duration()).add("resolution", resolution).build();
        ClipTask task = new ClipTask.Template(template.id(), template.motion(), prompt);
        return price -> {
            var image = stills.use(user, imageId);
            FrameSize frame = FrameSize.forImage(settings.shortSide(), image.width(), image.height());
            return new ClipInput(imageId, image.storageKey(), settings, frame, providers.forType(name()).name(), price, task, shown);
        };
    }

    @Override
    public JobInput input(JsonObject json) {
        return ClipInput.of(json);
    }
}
