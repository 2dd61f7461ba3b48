package io.lokiz.jobs.boundary;

import io.lokiz.credits.InsufficientCredits;
import io.lokiz.jobs.control.JobIntake;
import io.lokiz.jobs.control.JobQueue;
import io.lokiz.jobs.control.JobView;
import io.lokiz.jobs.control.RateLimiter;
import io.lokiz.jobs.control.RequestKey;
import io.lokiz.jobs.control.VideoResultView;
import io.lokiz.jobs.entity.VideoSettings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import io.lokiz.kernel.Tickets;
import io.lokiz.kernel.Caller;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/** The spec's video API: generate, job status, finished video, streaming URL. */
@Path("api/video")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class VideoResource {

    /** How long an SSE ticket may be used to open a stream. */
    static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);

    private final JobIntake intake;
    private final JobQueue queue;
    private final Tickets tickets;
    private final RateLimiter limiter;

    @Context
    SecurityContext security;

    @Inject
    public VideoResource(JobIntake intake, JobQueue queue, Tickets tickets, RateLimiter limiter) {
        this.intake = intake;
        this.queue = queue;
        this.tickets = tickets;
        this.limiter = limiter;
    }

    protected VideoResource() {
        this(null, null, null, null);
    }

    /** A ticket that opens one job's event stream where no header can be sent ({@code EventSource}). */
    public record EventsTicket(String ticket, String eventsUrl, long expiresInSeconds) {
    }

    /** The answer to an accepted request. */
    public record Accepted(UUID jobId, String status, String statusUrl, String eventsUrl) {
    }

    /** Where to play a video from: HLS when it was made, else the MP4. */
    public record Stream(String url, String type) {
    }

    @POST
    @Path("generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response generate(GenerateRequest request, @Context UriInfo uri,
                             @HeaderParam("Idempotency-Key") String idempotencyKey) {
        String user = Caller.require(security);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw Problems.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 200 characters");
        }
        limiter.acquire(user).ifPresent(wait -> {
            throw Problems.rateLimited(Math.max(1, (wait.toMillis() + 999) / 1000), limiter.perMinute());
        });
        if (request == null || request.tryonImageId() == null) {
            throw Problems.invalid("tryonImageId", "tryonImageId is required");
        }
        UUID imageId = uuid("tryonImageId", request.tryonImageId());
        VideoSettings settings;
        try {
            settings = request.resolvedSettings();
        } catch (VideoSettings.InvalidSettings e) {
            throw Problems.invalid(e.field(), e.getMessage());
        }
        if (settings.enableBranding()) {
            throw Problems.invalid("settings.enableBranding", "settings.enableBranding needs a brand intro/outro, and none is configured");
        }
        RequestKey key = idempotencyKey == null ? null : RequestKey.of(idempotencyKey, "video:" + imageId + ":" + settings);
        JobView job;
        try {
            job = intake.accept(user, imageId, settings, key).orElseThrow(() -> Problems.notFound("image", imageId));
        } catch (RequestKey.Reused e) {
            throw Problems.keyReused(e.getMessage());
        } catch (InsufficientCredits e) {
            throw Problems.insufficientCredits(e.price(), e.available());
        } catch (JobIntake.QueueFull e) {
            throw Problems.queueFull(e.depth(), e.retryAfterSeconds());
        }
        URI status = uri.getBaseUriBuilder().path("api/video/status/{id}").build(job.id());
        URI events = uri.getBaseUriBuilder().path("api/video/status/{id}/events").build(job.id());
        return Response.accepted(new Accepted(job.id(), job.status(), status.toString(), events.toString()))
                .location(status)
                .build();
    }

    @GET
    @Path("status/{jobId}")
    public JobView status(@PathParam("jobId") String jobId) {
        UUID id = idOrNotFound("job", jobId);
        return queue.view(id, Caller.require(security)).orElseThrow(() -> Problems.notFound("job", jobId));
    }

    @POST
    @Path("status/{jobId}/ticket")
    public EventsTicket eventsTicket(@PathParam("jobId") String jobId, @Context UriInfo uri) {
        JobView job = status(jobId);
        String ticket = tickets.issue(JobEventsResource.PURPOSE, job.id().toString(), TICKET_LIFETIME);
        URI events = uri.getBaseUriBuilder().path("api/video/status/{id}/events").queryParam("ticket", ticket).build(job.id());
        return new EventsTicket(ticket, events.toString(), TICKET_LIFETIME.toSeconds());
    }

    @POST
    @Path("jobs/{jobId}/cancel")
    public JobView cancel(@PathParam("jobId") String jobId) {
        UUID id = idOrNotFound("job", jobId);
        return queue.cancel(id, Caller.require(security)).orElseThrow(() -> Problems.notFound("job", jobId));
    }

    @GET
    @Path("{videoId}")
    public VideoResultView video(@PathParam("videoId") String videoId) {
        UUID id = idOrNotFound("video", videoId);
        return queue.video(id, Caller.require(security)).orElseThrow(() -> Problems.notFound("video", videoId));
    }

    @GET
    @Path("{videoId}/stream")
    public Stream stream(@PathParam("videoId") String videoId) {
        VideoResultView video = video(videoId);
        return video.urls().hls() != null ? new Stream(video.urls().hls(), "hls") : new Stream(video.urls().mp4(), "mp4");
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(field, field + " is not a valid id: \"" + value + "\"");
        }
    }

    /** A malformed id names nothing that exists: 404, like any unknown id. */
    static UUID idOrNotFound(String what, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound(what, value);
        }
    }
}
