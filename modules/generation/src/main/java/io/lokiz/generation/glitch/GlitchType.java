package io.lokiz.generation.glitch;

import io.lokiz.assets.VideoUploads;
import io.lokiz.generation.control.ClipInput;
import io.lokiz.generation.control.ClipTask;
import io.lokiz.generation.control.Intake;
import io.lokiz.generation.control.JobInput;
import io.lokiz.generation.control.JobType;
import io.lokiz.generation.control.Stills;
import io.lokiz.generation.control.VideoPipeline;
import io.lokiz.generation.control.VideoSettings;
import io.lokiz.generation.control.Videos;
import io.lokiz.kernel.Problem;
import io.lokiz.media.FrameSize;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.Optional;
import java.util.UUID;

/**
 * Glitch animate and glitch replace: the template video's motion applied to the user's still, or
 * its subject replaced by it. The clip takes the template's length (5–10 s) and orientation.
 */
public abstract class GlitchType implements JobType<GlitchRequest> {

    private final Stills stills;
    private final VideoUploads uploads;
    private final Videos videos;
    private final VideoProviders providers;

    GlitchType(Stills stills, VideoUploads uploads, Videos videos, VideoProviders providers) {
        this.stills = stills;
        this.uploads = uploads;
        this.videos = videos;
        this.providers = providers;
    }

    /** {@code glitch_animate}. */
    @ApplicationScoped
    public static class Animate extends GlitchType {
        @Inject
        public Animate(Stills stills, VideoUploads uploads, Videos videos, VideoProviders providers) {
            super(stills, uploads, videos, providers);
        }

        protected Animate() {
            this(null, null, null, null);
        }

        @Override
        public String name() {
            return VideoPipeline.GLITCH_ANIMATE;
        }
    }

    /** {@code glitch_replace}. */
    @ApplicationScoped
    public static class Replace extends GlitchType {
        @Inject
        public Replace(Stills stills, VideoUploads uploads, Videos videos, VideoProviders providers) {
            super(stills, uploads, videos, providers);
        }

        protected Replace() {
            this(null, null, null, null);
        }

        @Override
        public String name() {
            return VideoPipeline.GLITCH_REPLACE;
        }
    }

    @Override
    public Class<GlitchRequest> requestType() {
        return GlitchRequest.class;
    }

    @Override
    public Intake.InputMaker prepare(String user, GlitchRequest request) {
        UUID templateId = request.templateVideoId();
        UUID imageId = stills.imported(user, request.image());
        String prompt = request.prompt() == null ? "" : request.prompt();
        JsonObject shown = Json.createObjectBuilder().add("template_video_id", templateId.toString()).add("user_image_id", imageId.toString())
                .add("prompt", prompt).build();
        return price -> {
            // Both resolved (and marked used) once, with the job; a missing one is a 404 naming it.
            TemplateVideo template = templateVideo(templateId, user).orElseThrow(() -> Problem.notFound("video", templateId));
            var image = stills.use(user, imageId);
            int seconds = (int) Math.max(5, Math.min(VideoSettings.MAX_CLIP_SECONDS, Math.round(template.seconds())));
            VideoSettings settings = new VideoSettings(seconds, "720p", 24, "mp4", false, false);
            FrameSize frame = FrameSize.forImage(settings.shortSide(), template.width(), template.height());
            return new ClipInput(imageId, image.storageKey(), settings, frame, providers.forType(name()).name(), price,
                    new ClipTask.Glitch(template.key(), prompt), shown);
        };
    }

    @Override
    public JobInput input(JsonObject json) {
        return ClipInput.of(json);
    }

    /** A template video: the user's upload, or one of the user's finished videos. */
    private record TemplateVideo(String key, double seconds, int width, int height) {
    }

    private Optional<TemplateVideo> templateVideo(UUID id, String user) {
        var upload = uploads.use(id, user);
        if (upload.isPresent()) {
            var f = upload.get().facts();
            return Optional.of(new TemplateVideo(upload.get().storageKey(), f.duration(), f.width(), f.height()));
        }
        return videos.find(id, user).map(v -> new TemplateVideo(v.mp4(), v.duration(), v.width(), v.height()));
    }
}
