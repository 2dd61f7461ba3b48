package io.lokiz.generation.boundary;

import io.lokiz.assets.Image;
import io.lokiz.assets.Images;
import io.lokiz.assets.NotAnImage;
import io.lokiz.assets.QuotaExceeded;
import io.lokiz.assets.VideoUploads;
import io.lokiz.fetch.FetchRefused;
import io.lokiz.generation.control.ClipInput;
import io.lokiz.generation.control.Intake;
import io.lokiz.generation.control.JobLimit;
import io.lokiz.generation.control.MusicPipeline;
import io.lokiz.generation.control.Templates;
import io.lokiz.generation.control.VideoFiles;
import io.lokiz.generation.control.VideoPipeline;
import io.lokiz.generation.control.VideoSettings;
import io.lokiz.generation.control.Videos;
import io.lokiz.jobs.JobRecord;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RequestKey;
import io.lokiz.media.FrameSize;
import io.lokiz.providers.VideoProviders;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The plan's AI job requests: motion templates, glitch animate and replace, music. Each is
 * accepted like a preview (rate limit, queue room, credits held at the type's price, idempotency
 * key) and answered {@code 202} with the job, which {@link AiJobsResource} then shows.
 */
@Path("v1/ai")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AiRequestsResource {

    private final Intake intake;
    private final Images images;
    private final VideoUploads uploads;
    private final Videos videos;
    private final Templates templates;
    private final VideoProviders providers;
    private final JobLimit limit;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @Inject
    public AiRequestsResource(Intake intake, Images images, VideoUploads uploads, Videos videos, Templates templates,
                              VideoProviders providers, JobLimit limit) {
        this.intake = intake;
        this.images = images;
        this.uploads = uploads;
        this.videos = videos;
        this.templates = templates;
        this.providers = providers;
        this.limit = limit;
    }

    protected AiRequestsResource() {
        this(null, null, null, null, null, null, null);
    }

    /** A still (by the user's image id, or a URL to import), a template, an optional prompt, 5–10 s. */
    public record TemplateRequest(@JsonbProperty("image_url") @Size(max = 2048) String imageUrl,
                                  @JsonbProperty("image_id") String imageId,
                                  @NotBlank(message = "is required") @Size(max = 40) String template,
                                  @Size(max = 500) String prompt,
                                  @NotNull(message = "is required") @Min(5) @Max(10) Integer duration,
                                  @Pattern(regexp = "720p|1080p", message = "must be \"720p\" or \"1080p\"") String resolution) {
    }

    /** A template video (one of the user's uploaded or finished videos) and the user's still. */
    public record GlitchRequest(@JsonbProperty("template_video_id") @NotNull(message = "is required") String templateVideoId,
                                @JsonbProperty("user_image_url") @Size(max = 2048) String userImageUrl,
                                @JsonbProperty("user_image_id") String userImageId,
                                @Size(max = 500) String prompt) {
    }

    /** A prompt, up to 60 s, and optionally a finished video to lay the track under. */
    public record MusicRequest(@NotBlank(message = "is required") @Size(max = 500) String prompt,
                               @NotNull(message = "is required") @Min(1) @Max(60) Integer duration,
                               @JsonbProperty("video_id") String videoId) {
    }

    public record Accepted(@JsonbProperty("job_id") UUID jobId, @JsonbProperty("job_type") String jobType, String status,
                           @JsonbProperty("status_url") String statusUrl, @JsonbProperty("events_url") String eventsUrl) {
    }

    @POST
    @Path("template")
    public Response template(TemplateRequest request, @HeaderParam(RequestKey.HEADER) String key) {
        String user = admitted(key);
        require(request, "template");
        // The key's fingerprint is the request as sent: a retry with the same image_url is the same request.
        RequestKey requestKey = RequestKey.of(key, VideoPipeline.TEMPLATE + request);
        Optional<Response> again = replay(user, requestKey);
        if (again.isPresent()) {
            return again.get();
        }
        Templates.Template template = templates.find(request.template()).filter(Templates.Template::enabled)
                .orElseThrow(() -> Problem.invalid("template", "no template \"" + request.template() + "\"; GET /v1/ai/templates lists them"));
        UUID imageId = image(user, request.imageId(), request.imageUrl(), "image");
        String prompt = request.prompt() == null || request.prompt().isBlank() ? template.defaultPrompt() : request.prompt();
        VideoSettings settings = new VideoSettings(request.duration(), request.resolution() == null ? "720p" : request.resolution(),
                24, "mp4", false, false);
        JsonObject task = Json.createObjectBuilder().add("template", template.id()).add("motion", template.motion())
                .add("prompt", prompt).build();
        JsonObject echo = Json.createObjectBuilder().add("image_id", imageId.toString()).add("template", template.id())
                .add("prompt", prompt).add("duration", request.duration()).add("resolution", settings.resolution()).build();
        return accept(user, VideoPipeline.TEMPLATE, requestKey, price -> images.use(imageId, user).map(image ->
                clip(VideoPipeline.TEMPLATE, image, settings, FrameSize.forImage(settings.shortSide(), image.width(), image.height()),
                        price, task, echo)), () -> Problem.notFound("image", imageId));
    }

    @POST
    @Path("glitch/animate")
    public Response glitchAnimate(GlitchRequest request, @HeaderParam(RequestKey.HEADER) String key) {
        return glitch(VideoPipeline.GLITCH_ANIMATE, request, key);
    }

    @POST
    @Path("glitch/replace")
    public Response glitchReplace(GlitchRequest request, @HeaderParam(RequestKey.HEADER) String key) {
        return glitch(VideoPipeline.GLITCH_REPLACE, request, key);
    }

    @POST
    @Path("music")
    public Response music(MusicRequest request, @HeaderParam(RequestKey.HEADER) String key) {
        String user = admitted(key);
        require(request, "prompt");
        UUID videoId = request.videoId() == null ? null : Problem.id("video_id", request.videoId());
        JsonObjectBuilder echo = Json.createObjectBuilder().add("prompt", request.prompt()).add("duration", request.duration());
        if (videoId != null) {
            echo.add("video_id", videoId.toString());
        }
        JsonObject asked = echo.build();
        return accept(user, MusicPipeline.TYPE, RequestKey.of(key, MusicPipeline.TYPE + request), price -> {
            Optional<VideoFiles> video = videoId == null ? Optional.empty() : videos.find(videoId, user);
            if (videoId != null && video.isEmpty()) {
                return Optional.empty();
            }
            JsonObjectBuilder input = Json.createObjectBuilder().add("provider", providers.forType(MusicPipeline.TYPE).name())
                    .add("price", price).add("prompt", request.prompt()).add("duration", request.duration()).add("request", asked);
            video.ifPresent(v -> input.add("video", v.json()));
            return Optional.of(input.build());
        }, () -> Problem.notFound("video", videoId));
    }

    private Response glitch(String type, GlitchRequest request, String key) {
        String user = admitted(key);
        require(request, "template_video_id");
        RequestKey requestKey = RequestKey.of(key, type + request);
        Optional<Response> again = replay(user, requestKey);
        if (again.isPresent()) {
            return again.get();
        }
        UUID templateId = Problem.id("template_video_id", request.templateVideoId());
        UUID imageId = image(user, request.userImageId(), request.userImageUrl(), "user_image");
        String prompt = request.prompt() == null ? "" : request.prompt();
        JsonObject echo = Json.createObjectBuilder().add("template_video_id", templateId.toString()).add("user_image_id", imageId.toString())
                .add("prompt", prompt).build();
        return accept(user, type, requestKey, price -> {
            // Both resolved (and marked used) once, with the job; a missing one is a 404 naming it.
            TemplateVideo template = templateVideo(templateId, user).orElseThrow(() -> Problem.notFound("video", templateId));
            Image image = images.use(imageId, user).orElseThrow(() -> Problem.notFound("image", imageId));
            // The clip takes the template's length (5–10 s) and its orientation.
            int seconds = (int) Math.max(5, Math.min(VideoSettings.MAX_CLIP_SECONDS, Math.round(template.seconds())));
            VideoSettings settings = new VideoSettings(seconds, "720p", 24, "mp4", false, false);
            FrameSize frame = FrameSize.forImage(settings.shortSide(), template.width(), template.height());
            JsonObject task = Json.createObjectBuilder().add("templateKey", template.key()).add("prompt", prompt).build();
            return Optional.of(clip(type, image, settings, frame, price, task, echo));
        }, () -> Problem.notFound("video", templateId));
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

    private JsonObject clip(String type, Image image, VideoSettings settings, FrameSize frame, int price, JsonObject task, JsonObject echo) {
        return new ClipInput(image.id(), image.storageKey(), settings, frame, providers.forType(type).name(), price, task, echo).json();
    }

    /** The answer to a request made before under the same key, without importing or resolving anything again. */
    private Optional<Response> replay(String user, RequestKey key) {
        try {
            return key == null ? Optional.empty() : intake.earlier(user, key).map(this::accepted);
        } catch (RequestKey.Reused e) {
            throw e.problem();
        }
    }

    private Response accept(String user, String type, RequestKey key, Intake.InputMaker input,
                            Supplier<WebApplicationException> notFound) {
        return accepted(Problems.accepted(() -> intake.accept(user, type, key, input), notFound));
    }

    private Response accepted(JobRecord job) {
        URI status = uri.getBaseUriBuilder().path("v1/ai/jobs/{id}").build(job.id());
        URI events = uri.getBaseUriBuilder().path("v1/ai/jobs/{id}/events").build(job.id());
        return Response.accepted(new Accepted(job.id(), job.type(), job.state().wire(), status.toString(), events.toString()))
                .location(status).build();
    }

    /** The still a request names: the user's image by id, or a URL imported (through the URL guard) as a new image. */
    private UUID image(String user, String id, String url, String field) {
        if ((id == null) == (url == null)) {
            throw Problem.invalid(field + "_id", "send exactly one of " + field + "_id and " + field + "_url");
        }
        if (id != null) {
            return Problem.id(field + "_id", id);
        }
        try {
            return images.importFrom(url, user).id();
        } catch (FetchRefused e) {
            throw Problem.urlRefused(field + "_url", e.getMessage());
        } catch (NotAnImage e) {
            throw e.problem(field + "_url");
        } catch (QuotaExceeded e) {
            throw e.problem();
        } catch (IOException e) {
            throw Problem.invalid(field + "_url", "the image could not be fetched: " + e.getMessage());
        }
    }

    private String admitted(String key) {
        String user = Caller.require(security);
        RequestKey.of(key, ""); // a malformed key is refused before it costs anything
        limit.admit(user);
        return user;
    }

    private static void require(Object body, String field) {
        if (body == null) {
            throw Problem.invalid(field, field + " is required");
        }
    }
}
