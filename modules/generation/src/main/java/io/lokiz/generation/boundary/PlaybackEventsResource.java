package io.lokiz.generation.boundary;

import io.lokiz.analytics.Playback;
import io.lokiz.analytics.PlaybackEvent;
import io.lokiz.generation.control.VideoFiles;
import io.lokiz.generation.control.Videos;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RateLimits;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * What players report while a video plays (REQ-O-004): {@code play}, {@code progress} with the
 * seconds watched since the last report, {@code complete}, {@code error}. The video's owner
 * reports (a page embedding the video reports for its viewers, each with an anonymous
 * {@code viewerId}); reports are limited per user and minute like every costly door.
 */
@Path("api/video/{videoId}/events")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Tag(name = "Playback")
public class PlaybackEventsResource {

    private final Playback playback;
    private final Videos videos;
    private final RateLimits limits;
    private final int perMinute;

    @Context
    SecurityContext security;

    @Inject
    public PlaybackEventsResource(Playback playback, Videos videos, RateLimits limits,
                                  @ConfigProperty(name = "lokiz.rate-limit.playback-events-per-minute", defaultValue = "600") int perMinute) {
        this.playback = playback;
        this.videos = videos;
        this.limits = limits;
        this.perMinute = perMinute;
    }

    protected PlaybackEventsResource() {
        this(null, null, null, 0);
    }

    /** One report; {@code seconds} only with {@code progress}, {@code viewerId} when a page reports for its viewers. */
    @Schema(name = "PlaybackReport")
    public record Report(@NotNull(message = "is required") String type, Double seconds, @Size(min = 1, max = 128) String viewerId) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reportPlayback", summary = "Report what a player did",
            description = "type is play, progress (with seconds watched since the last report, more than 0), complete or error; "
                    + "viewerId tells apart viewers sharing an account. 404 when the video is not the caller's or statistics are off.")
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response report(@PathParam("videoId") String videoId, Report report) {
        String user = Caller.require(security);
        if (!playback.enabled()) {
            throw Playback.switchedOff();
        }
        limits.enforce("playback", user, perMinute, "playback reports");
        if (report == null) {
            throw Problem.invalid("type", "type is required");
        }
        UUID id = Problem.idOrNotFound("video", videoId);
        VideoFiles video = videos.find(id, user).orElseThrow(() -> Problem.notFound("video", videoId));
        PlaybackEvent.Kind kind = PlaybackEvent.Kind.parse(report.type())
                .orElseThrow(() -> Problem.invalid("type", "type must be play, progress, complete or error, not " + report.type()));
        double seconds = seconds(kind, report.seconds(), video.duration());
        playback.record(id, user, new PlaybackEvent(kind, seconds, report.viewerId() == null ? user : report.viewerId()));
        return Response.noContent().build();
    }

    /** Seconds watched since the last report: with progress only, more than none and at most the video once through. */
    private static double seconds(PlaybackEvent.Kind kind, Double seconds, double duration) {
        if (kind != PlaybackEvent.Kind.PROGRESS) {
            if (seconds != null) {
                throw Problem.invalid("seconds", "seconds go with progress reports only");
            }
            return 0;
        }
        double most = Math.ceil(duration);
        if (seconds == null || !(seconds > 0) || seconds > most) {
            throw Problem.invalid("seconds", "a progress report carries the seconds watched since the last one: more than 0, at most "
                    + (long) most + " (the video's length), not " + seconds);
        }
        return seconds;
    }
}
