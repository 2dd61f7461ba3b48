package io.lokiz.generation.preview;

import io.lokiz.generation.control.Brandings;
import io.lokiz.generation.control.ClipInput;
import io.lokiz.generation.control.ClipTask;
import io.lokiz.generation.control.Intake;
import io.lokiz.generation.control.JobInput;
import io.lokiz.generation.control.JobType;
import io.lokiz.generation.control.Stills;
import io.lokiz.generation.control.VideoPipeline;
import io.lokiz.kernel.Problem;
import io.lokiz.media.FrameSize;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.util.UUID;

/** The image-to-video preview: the user's still (or one imported by URL), animated at the settings asked. */
@ApplicationScoped
public class PreviewType implements JobType<PreviewRequest> {

    private final Stills stills;
    private final Brandings brandings;
    private final VideoProviders providers;

    @Inject
    public PreviewType(Stills stills, Brandings brandings, VideoProviders providers) {
        this.stills = stills;
        this.brandings = brandings;
        this.providers = providers;
    }

    protected PreviewType() {
        this(null, null, null);
    }

    @Override
    public String name() {
        return VideoPipeline.PREVIEW;
    }

    @Override
    public Class<PreviewRequest> requestType() {
        return PreviewRequest.class;
    }

    @Override
    public Intake.InputMaker prepare(String user, PreviewRequest request) {
        if (request.settings().enableBranding() && brandings.enabled().isEmpty()) {
            throw Problem.invalid("settings.enableBranding",
                    "settings.enableBranding needs a brand intro, outro or watermark, and none is enabled (an admin sets them)");
        }
        UUID imageId = stills.imported(user, request.image());
        return price -> {
            var image = stills.use(user, imageId);
            FrameSize frame = FrameSize.forImage(request.settings().shortSide(), image.width(), image.height());
            return new ClipInput(imageId, image.storageKey(), request.settings(), frame, providers.forType(name()).name(), price,
                    new ClipTask.Animate(), null);
        };
    }

    @Override
    public JobInput input(JsonObject json) {
        return ClipInput.of(json);
    }
}
