package io.lokiz.jobs.boundary;

import io.lokiz.jobs.control.JobIntake;
import io.lokiz.jobs.control.JobQueue;
import io.lokiz.jobs.control.JobView;
import io.lokiz.jobs.control.VideoResultView;
import io.lokiz.jobs.entity.VideoSettings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.UUID;

/** The spec's video API: generate, job status, finished video, streaming URL. */
@Path("api/video")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class VideoResource {

    private final JobIntake intake;
    private final JobQueue queue;

    @Inject
    public VideoResource(JobIntake intake, JobQueue queue) {
        this.intake = intake;
        this.queue = queue;
    }

    protected VideoResource() {
        this(null, null);
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
    public Response generate(GenerateRequest request, @Context UriInfo uri) {
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
        JobView job = intake.accept(imageId, settings)
                .orElseThrow(() -> Problems.invalid("tryonImageId", "No image with id " + imageId + "; upload it to /api/images first"));
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
        return queue.view(id).orElseThrow(() -> Problems.notFound("job", jobId));
    }

    @GET
    @Path("{videoId}")
    public VideoResultView video(@PathParam("videoId") String videoId) {
        UUID id = idOrNotFound("video", videoId);
        return queue.video(id).orElseThrow(() -> Problems.notFound("video", videoId));
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
