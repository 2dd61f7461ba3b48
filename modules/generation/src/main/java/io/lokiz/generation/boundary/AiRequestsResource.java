package io.lokiz.generation.boundary;

import io.lokiz.generation.control.GenerationJobs;
import io.lokiz.generation.control.JobRequest;
import io.lokiz.generation.control.Still;
import io.lokiz.generation.glitch.GlitchRequest;
import io.lokiz.generation.music.MusicRequest;
import io.lokiz.generation.preview.PreviewRequest;
import io.lokiz.generation.template.TemplateRequest;
import io.lokiz.jobs.JobRecord;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RequestKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.UUID;
import java.util.function.Function;

/**
 * The plan's AI job requests (snake_case): motion templates, glitch animate and replace, music,
 * and the image-to-video preview. Names and shapes only: each body becomes its job type's request
 * for the one job API ({@link GenerationJobs}), and is answered {@code 202} with the job, which
 * {@link AiJobsResource} then shows.
 */
@Path("v1/ai")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "AI jobs")
@APIResponse(responseCode = "202", description = "Accepted: the job, where to read it and where to follow it; Location is its status",
        content = @Content(schema = @Schema(implementation = AiRequestsResource.Accepted.class)))
@APIResponse(responseCode = "402", ref = "PaymentRequired")
@APIResponse(responseCode = "404", ref = "NotFound")
@APIResponse(responseCode = "422", ref = "Unprocessable")
@APIResponse(responseCode = "429", ref = "TooManyRequests")
@APIResponse(responseCode = "503", ref = "Unavailable")
public class AiRequestsResource {

    private final GenerationJobs jobs;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @Inject
    public AiRequestsResource(GenerationJobs jobs) {
        this.jobs = jobs;
    }

    protected AiRequestsResource() {
        this(null);
    }

    /** A still (by the user's image id, or a URL to import) and the spec's video settings, each optional. */
    @Schema(example = "{\"image_id\": \"4f1c2a9e-7b7d-4c38-9a51-2c2f4d8e6b10\", \"settings\": {\"duration\": 4, \"resolution\": \"720p\", \"fps\": 24, \"enableHLS\": true}}")
    public record PreviewBody(@JsonbProperty("image_id") String imageId,
                              @JsonbProperty("image_url") @Size(max = 2048) String imageUrl,
                              GenerateRequest.Settings settings) {
    }

    /** A still (by the user's image id, or a URL to import), a template, an optional prompt, 5–10 s. */
    @Schema(example = "{\"image_url\": \"https://cdn.example.org/tryon/42.jpg\", \"template\": \"ai_hug\", \"prompt\": \"Two people hugging warmly\", \"duration\": 5, \"resolution\": \"720p\"}")
    public record TemplateBody(@JsonbProperty("image_url") @Size(max = 2048) String imageUrl,
                               @JsonbProperty("image_id") String imageId,
                               @NotBlank(message = "is required") @Size(max = 40) String template,
                               @Size(max = 500) String prompt,
                               @NotNull(message = "is required") @Min(5) @Max(10) Integer duration,
                               @Pattern(regexp = "720p|1080p", message = "must be \"720p\" or \"1080p\"") String resolution) {
    }

    /** A template video (one of the user's uploaded or finished videos) and the user's still. */
    @Schema(example = "{\"template_video_id\": \"9b2e4f60-1d3a-4c8b-8f7e-5a6b7c8d9e0f\", \"user_image_id\": \"4f1c2a9e-7b7d-4c38-9a51-2c2f4d8e6b10\", \"prompt\": \"dancing\"}")
    public record GlitchBody(@JsonbProperty("template_video_id") @NotNull(message = "is required") String templateVideoId,
                             @JsonbProperty("user_image_url") @Size(max = 2048) String userImageUrl,
                             @JsonbProperty("user_image_id") String userImageId,
                             @Size(max = 500) String prompt) {
    }

    /** A prompt, up to 60 s, and optionally a finished video to lay the track under. */
    @Schema(example = "{\"prompt\": \"Upbeat electronic beat\", \"duration\": 30}")
    public record MusicBody(@NotBlank(message = "is required") @Size(max = 500) String prompt,
                            @NotNull(message = "is required") @Min(1) @Max(60) Integer duration,
                            @JsonbProperty("video_id") String videoId) {
    }

    @Schema(name = "AiAccepted")
    public record Accepted(@JsonbProperty("job_id") UUID jobId, @JsonbProperty("job_type") String jobType, String status,
                           @JsonbProperty("status_url") String statusUrl, @JsonbProperty("events_url") String eventsUrl) {
    }

    @POST
    @Path("preview")
    @Operation(operationId = "createPreviewJob", summary = "Make an image-to-video preview",
            description = "The plan's words for POST /api/video/generate: the user's still by image_id, or an image_url to import, "
                    + "and the spec's VideoSettings, each optional. The same request under one Idempotency-Key in either dialect is one job.")
    public Response preview(PreviewBody body, @HeaderParam(RequestKey.HEADER) String key) {
        return accept(body, key,
                b -> new PreviewRequest(Still.ofEither("image", b.imageId(), b.imageUrl()), VideoResource.settings(b.settings())));
    }

    @POST
    @Path("template")
    @Operation(operationId = "createTemplateJob", summary = "Animate a still with a motion template",
            description = "The still (image_id, or image_url to import), a template from GET /v1/ai/templates, an optional prompt "
                    + "(the template's own by default), 5-10 s, 720p or 1080p.")
    public Response template(TemplateBody body, @HeaderParam(RequestKey.HEADER) String key) {
        return accept(body, key, b -> new TemplateRequest(Still.ofEither("image", b.imageId(), b.imageUrl()),
                b.template(), b.prompt(), b.duration(), b.resolution()));
    }

    @POST
    @Path("glitch/animate")
    @Operation(operationId = "createGlitchAnimateJob", summary = "Give a still the motion of a template video",
            description = "template_video_id is one of the caller's uploaded or finished videos; the still is user_image_id or user_image_url.")
    public Response glitchAnimate(GlitchBody body, @HeaderParam(RequestKey.HEADER) String key) {
        return accept(body, key, b -> glitch(false, b));
    }

    @POST
    @Path("glitch/replace")
    @Operation(operationId = "createGlitchReplaceJob", summary = "Put a still's subject into a template video",
            description = "template_video_id is one of the caller's uploaded or finished videos; the still is user_image_id or user_image_url.")
    public Response glitchReplace(GlitchBody body, @HeaderParam(RequestKey.HEADER) String key) {
        return accept(body, key, b -> glitch(true, b));
    }

    @POST
    @Path("music")
    @Operation(operationId = "createMusicJob", summary = "Make music from a prompt",
            description = "Up to 60 s. With video_id (a finished video of the caller's) the track is laid under that video as a new MP4.")
    public Response music(MusicBody body, @HeaderParam(RequestKey.HEADER) String key) {
        return accept(body, key, b -> new MusicRequest(b.prompt(), b.duration(),
                b.videoId() == null ? null : Problem.id("video_id", b.videoId())));
    }

    private static GlitchRequest glitch(boolean replace, GlitchBody b) {
        return new GlitchRequest(replace, Problem.id("template_video_id", b.templateVideoId()),
                Still.ofEither("user_image", b.userImageId(), b.userImageUrl()), b.prompt());
    }

    /** The body (never null: StrictJson refuses a missing one) translated, accepted, answered in the plan's words. */
    private <B> Response accept(B body, String key, Function<B, JobRequest> translate) {
        String user = Caller.require(security);
        jobs.admit(user, key);
        JobRecord job = jobs.accept(user, translate.apply(body), key);
        URI status = uri.getBaseUriBuilder().path("v1/ai/jobs/{id}").build(job.id());
        URI events = uri.getBaseUriBuilder().path("v1/ai/jobs/{id}/events").build(job.id());
        return Response.accepted(new Accepted(job.id(), job.type(), job.state().wire(), status.toString(), events.toString()))
                .location(status).build();
    }
}
