package io.lokiz.analytics.boundary;

import io.lokiz.analytics.Playback;
import io.lokiz.analytics.control.PlaybackTable;
import io.lokiz.analytics.control.VideoStats;
import io.lokiz.kernel.Jdbc;
import io.lokiz.kernel.Problem;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Playback statistics for admins (REQ-O-004): one video day by day, and the most played videos. */
@Path("api/admin/analytics/videos")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - analytics")
public class AdminAnalyticsResource {

    static final int MAX_DAYS = 366;
    static final int MAX_LIMIT = 100;

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Playback playback;
    private final Clock clock;

    @Inject
    public AdminAnalyticsResource(Playback playback, Clock clock) {
        this.playback = playback;
        this.clock = clock;
    }

    protected AdminAnalyticsResource() {
        this(null, null);
    }

    /** The most played videos of the last {@code days} days (today included). */
    @Schema(name = "VideoRanking")
    public record Ranking(LocalDate from, LocalDate to, List<VideoStats.Summary> videos) {
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Operation(operationId = "listTopVideos", summary = "The most played videos",
            description = "Of the last days days (1-366, default 7, today included), at most limit (1-100, default 10), by plays. "
                    + "404 when playback statistics are off.")
    @APIResponse(responseCode = "200", description = "The ranking")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Ranking top(@QueryParam("days") @DefaultValue("7") Integer days, @QueryParam("limit") @DefaultValue("10") Integer limit) {
        requireEnabled();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problem.invalid("limit", "limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
        LocalDate to = today();
        LocalDate from = from(to, days);
        return new Ranking(from, to, Jdbc.run(database, "playback statistics", c -> PlaybackTable.top(c, from, to, limit)));
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Path("{videoId}")
    @Operation(operationId = "getVideoStats", summary = "One video's plays and watch time, day by day",
            description = "Of the last days days (1-366, default 30); a video nobody played has zeros. 404 when the id is no video id or playback statistics are off.")
    @APIResponse(responseCode = "200", description = "The video's statistics")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public VideoStats video(@PathParam("videoId") String videoId, @QueryParam("days") @DefaultValue("30") Integer days) {
        requireEnabled();
        UUID id = Problem.idOrNotFound("video", videoId);
        LocalDate to = today();
        LocalDate from = from(to, days);
        return Jdbc.run(database, "playback statistics", c -> PlaybackTable.video(c, id, from, to));
    }

    private void requireEnabled() {
        if (!playback.enabled()) {
            throw Playback.switchedOff();
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static LocalDate from(LocalDate to, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw Problem.invalid("days", "days must be from 1 to " + MAX_DAYS + ", not " + days);
        }
        return to.minusDays(days - 1L);
    }
}
