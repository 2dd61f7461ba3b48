package io.lokiz.generation.boundary;

import io.lokiz.generation.control.Brandings;
import io.lokiz.generation.control.JobViews;
import io.lokiz.generation.control.Intake;
import io.lokiz.generation.control.JobLimit;
import io.lokiz.generation.control.Streams;
import io.lokiz.generation.control.VideoFiles;
import io.lokiz.generation.control.VideoResultView;
import io.lokiz.generation.control.VideoSettings;
import io.lokiz.generation.control.Videos;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Jobs;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RequestKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The spec's video API: generate, job status, finished video, streaming URL. */
@Path("api/video")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class VideoResource {

    /** How long an SSE ticket may be used to open a stream. */
    static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);

    private final Intake intake;
    private final Jobs jobs;
    private final Videos videos;
    private final JobViews views;
    private final JobLimit limit;
    private final Brandings brandings;
    private final Streams streams;

    @Context
    SecurityContext security;

    @Inject
    public VideoResource(Intake intake, Jobs jobs, Videos videos, JobViews views, JobLimit limit, Brandings brandings, Streams streams) {
        this.intake = intake;
        this.jobs = jobs;
        this.videos = videos;
        this.views = views;
        this.limit = limit;
        this.brandings = brandings;
        this.streams = streams;
    }

    protected VideoResource() {
        this(null, null, null, null, null, null, null);
    }

    /** A ticket that opens one job's event stream where no header can be sent ({@code EventSource}). */
    public record EventsTicket(String ticket, String eventsUrl, long expiresInSeconds) {
    }

    /** The answer to an accepted request. */
    public record Accepted(UUID jobId, String status, String statusUrl, String eventsUrl) {
    }

    @POST
    @Path("generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response generate(GenerateRequest request, @Context UriInfo uri,
                             @HeaderParam(RequestKey.HEADER) String idempotencyKey) {
        String user = Caller.require(security);
        RequestKey.of(idempotencyKey, ""); // a malformed key is refused before it costs anything
        limit.admit(user);
        if (request == null) {
            throw Problem.invalid("tryonImageId", "tryonImageId is required");
        }
        UUID imageId = Problem.id("tryonImageId", request.tryonImageId());
        VideoSettings settings;
        try {
            settings = request.resolvedSettings();
        } catch (VideoSettings.InvalidSettings e) {
            throw Problem.invalid(e.field(), e.getMessage());
        }
        if (settings.enableBranding() && brandings.enabled().isEmpty()) {
            throw Problem.invalid("settings.enableBranding",
                    "settings.enableBranding needs a brand intro, outro or watermark, and none is enabled (an admin sets them)");
        }
        RequestKey key = RequestKey.of(idempotencyKey, "video:" + imageId + ":" + settings);
        JobRecord job = Problems.accepted(() -> intake.accept(user, imageId, settings, key), () -> Problem.notFound("image", imageId));
        URI status = uri.getBaseUriBuilder().path("api/video/status/{id}").build(job.id());
        URI events = uri.getBaseUriBuilder().path("api/video/status/{id}/events").build(job.id());
        return Response.accepted(new Accepted(job.id(), job.state().wire(), status.toString(), events.toString()))
                .location(status)
                .build();
    }

    @GET
    @Path("status/{jobId}")
    public Object status(@PathParam("jobId") String jobId) {
        return jobs.present(owned(jobId));
    }

    @POST
    @Path("status/{jobId}/ticket")
    public EventsTicket eventsTicket(@PathParam("jobId") String jobId, @Context UriInfo uri) {
        JobRecord job = owned(jobId);
        String ticket = jobs.eventsTicket(job.id(), TICKET_LIFETIME);
        URI events = uri.getBaseUriBuilder().path("api/video/status/{id}/events").queryParam("ticket", ticket).build(job.id());
        return new EventsTicket(ticket, events.toString(), TICKET_LIFETIME.toSeconds());
    }

    @POST
    @Path("jobs/{jobId}/cancel")
    public Object cancel(@PathParam("jobId") String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return jobs.cancel(id, Caller.require(security)).map(jobs::present).orElseThrow(() -> Problem.notFound("job", jobId));
    }

    /**
     * A finished video. A job's id names its video too: until that job completes the answer is
     * {@code 409} with the job's status (REQ-S-003: no URL before {@code completed}).
     */
    @GET
    @Path("{videoId}")
    public VideoResultView video(@PathParam("videoId") String videoId) {
        return views.of(files(videoId));
    }

    /**
     * REQ-E-004: where to play the video from. {@code auto} is the HLS master playlist, which lets
     * the player switch renditions, else the MP4; a named quality is the HLS rendition nearest to
     * it, else the MP4. Every other way to play it is listed beside.
     */
    @GET
    @Path("{videoId}/stream")
    public Streams.Answer stream(@PathParam("videoId") String videoId, @QueryParam("quality") @DefaultValue("auto") String quality) {
        Streams.Quality asked = Streams.Quality.parse(quality)
                .orElseThrow(() -> Problem.invalid("quality", "quality must be auto, 1080p, 720p or 480p, not " + quality));
        return streams.choose(files(videoId), asked);
    }

    private VideoFiles files(String videoId) {
        UUID id = Problem.idOrNotFound("video", videoId);
        String user = Caller.require(security);
        Optional<VideoFiles> video = videos.find(id, user);
        if (video.isPresent()) {
            return video.get();
        }
        JobRecord job = jobs.find(id, user).orElseThrow(() -> Problem.notFound("video", videoId));
        JsonObject made = job.output().getJsonObject("video");
        if (job.state() == JobState.COMPLETED && made != null) {
            return VideoFiles.of(made);
        }
        throw Problem.of(409, "video-not-ready", "Video not ready",
                "The video of job " + job.id() + " is not ready: the job is " + job.state().wire()
                        + (job.state().isTerminal() ? "." : "; its URLs come once it is completed."),
                Map.of("jobId", job.id().toString(), "status", job.state().wire()));
    }

    private JobRecord owned(String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return jobs.find(id, Caller.require(security)).orElseThrow(() -> Problem.notFound("job", jobId));
    }
}
