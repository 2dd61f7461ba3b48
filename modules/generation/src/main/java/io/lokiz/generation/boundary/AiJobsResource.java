package io.lokiz.generation.boundary;

import io.lokiz.assets.Image;
import io.lokiz.assets.Images;
import io.lokiz.assets.NotAnImage;
import io.lokiz.assets.QuotaExceeded;
import io.lokiz.assets.VideoUploads;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.fetch.FetchRefused;
import io.lokiz.generation.control.AiJobView;
import io.lokiz.generation.control.ClipInput;
import io.lokiz.generation.control.Intake;
import io.lokiz.generation.control.JobViews;
import io.lokiz.generation.control.MusicPipeline;
import io.lokiz.generation.control.Templates;
import io.lokiz.generation.control.VideoFiles;
import io.lokiz.generation.control.VideoPipeline;
import io.lokiz.generation.control.VideoSettings;
import io.lokiz.generation.control.Videos;
import io.lokiz.jobs.JobPage;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Jobs;
import io.lokiz.jobs.QueueFull;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RateLimits;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The plan's AI job API: motion templates, glitch animate and replace, music; and one job
 * resource for every type. Each request is accepted like a preview (rate limit, queue room,
 * credits held at the type's price, idempotency key) and answered {@code 202} with the job.
 */
@Path("v1/ai")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AiJobsResource {

    static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);
    static final List<String> TYPES = List.of(VideoPipeline.PREVIEW, VideoPipeline.TEMPLATE, VideoPipeline.GLITCH_ANIMATE,
            VideoPipeline.GLITCH_REPLACE, MusicPipeline.TYPE);

    private final Intake intake;
    private final Jobs jobs;
    private final Images images;
    private final VideoUploads uploads;
    private final Videos videos;
    private final Templates templates;
    private final JobViews views;
    private final VideoProviders providers;
    private final RateLimits limits;
    private final int jobsPerMinute;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @Inject
    public AiJobsResource(Intake intake, Jobs jobs, Images images, VideoUploads uploads, Videos videos, Templates templates,
                          JobViews views, VideoProviders providers, RateLimits limits,
                          @ConfigProperty(name = "lokiz.rate-limit.jobs-per-minute", defaultValue = "60") int jobsPerMinute) {
        this.intake = intake;
        this.jobs = jobs;
        this.images = images;
        this.uploads = uploads;
        this.videos = videos;
        this.templates = templates;
        this.views = views;
        this.providers = providers;
        this.limits = limits;
        this.jobsPerMinute = jobsPerMinute;
    }

    protected AiJobsResource() {
        this(null, null, null, null, null, null, null, null, null, 0);
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

    public record EventsTicket(String ticket, @JsonbProperty("events_url") String eventsUrl,
                               @JsonbProperty("expires_in_seconds") long expiresInSeconds) {
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

    /** A page of the caller's jobs, newest first. */
    public record Page(List<AiJobView> jobs, String next) {
    }

    /** The caller's jobs of every type, newest first; {@code type} and {@code status} filter, {@code cursor} pages on. */
    @GET
    @Path("jobs")
    public Page list(@QueryParam("type") String type, @QueryParam("status") String status, @QueryParam("cursor") String cursor,
                     @QueryParam("limit") Integer limit) {
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > 100) {
            throw Problem.invalid("limit", "limit must be between 1 and 100");
        }
        if (type != null && !TYPES.contains(type)) {
            throw Problem.invalid("type", "type must be one of " + TYPES);
        }
        JobState state = null;
        if (status != null) {
            state = Arrays.stream(JobState.values()).filter(s -> s.wire().equals(status)).findFirst()
                    .orElseThrow(() -> Problem.invalid("status", "status must be one of "
                            + Arrays.stream(JobState.values()).map(JobState::wire).toList()));
        }
        JobPage.Cursor after = cursor == null ? null : JobPage.Cursor.decode(cursor)
                .orElseThrow(() -> Problem.invalid("cursor", "cursor must be the next value of an earlier page"));
        JobPage page = jobs.list(Caller.require(security), type, state, after, size);
        return new Page(page.jobs().stream().map(views::ofAiJob).toList(), page.next());
    }

    @GET
    @Path("jobs/{jobId}")
    public Object job(@PathParam("jobId") String jobId) {
        return jobs.present(owned(jobId));
    }

    @POST
    @Path("jobs/{jobId}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Object cancel(@PathParam("jobId") String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return jobs.cancel(id, Caller.require(security)).map(jobs::present).orElseThrow(() -> Problem.notFound("job", jobId));
    }

    /** A ticket that opens the job's event stream where no header can be sent ({@code EventSource}). */
    @POST
    @Path("jobs/{jobId}/ticket")
    @Consumes(MediaType.WILDCARD)
    public EventsTicket ticket(@PathParam("jobId") String jobId) {
        JobRecord job = owned(jobId);
        String ticket = jobs.eventsTicket(job.id(), TICKET_LIFETIME);
        URI events = uri.getBaseUriBuilder().path("v1/ai/jobs/{id}/events").queryParam("ticket", ticket).build(job.id());
        return new EventsTicket(ticket, events.toString(), TICKET_LIFETIME.toSeconds());
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
        if (templateVideo(templateId, user).isEmpty()) {
            throw Problem.notFound("video", templateId);
        }
        if (images.find(imageId, user).isEmpty()) {
            throw Problem.notFound("image", imageId);
        }
        return accept(user, type, requestKey, price -> {
            Optional<TemplateVideo> template = templateVideo(templateId, user);
            Optional<Image> image = images.use(imageId, user);
            if (template.isEmpty() || image.isEmpty()) {
                return Optional.empty();
            }
            // The clip takes the template's length (5–10 s) and its orientation.
            int seconds = (int) Math.max(5, Math.min(VideoSettings.MAX_CLIP_SECONDS, Math.round(template.get().seconds())));
            VideoSettings settings = new VideoSettings(seconds, "720p", 24, "mp4", false, false);
            FrameSize frame = FrameSize.forImage(settings.shortSide(), template.get().width(), template.get().height());
            JsonObject task = Json.createObjectBuilder().add("templateKey", template.get().key()).add("prompt", prompt).build();
            return Optional.of(clip(type, image.get(), settings, frame, price, task, echo));
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
        JobRecord job;
        try {
            job = intake.accept(user, type, key, input).orElseThrow(notFound);
        } catch (RequestKey.Reused e) {
            throw e.problem();
        } catch (InsufficientCredits e) {
            throw Problems.insufficientCredits(e);
        } catch (QueueFull e) {
            throw Problems.queueFull(e);
        } catch (Intake.NotOffered e) {
            throw Problems.notOffered(e);
        }
        return accepted(job);
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
        limits.enforce("jobs", user, jobsPerMinute, "new jobs");
        return user;
    }

    private JobRecord owned(String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return jobs.find(id, Caller.require(security)).orElseThrow(() -> Problem.notFound("job", jobId));
    }

    private static void require(Object body, String field) {
        if (body == null) {
            throw Problem.invalid(field, field + " is required");
        }
    }
}
