package io.lokiz.generation.boundary;

import io.lokiz.generation.control.AiJobView;
import io.lokiz.generation.control.JobViews;
import io.lokiz.generation.control.MusicPipeline;
import io.lokiz.generation.control.VideoPipeline;
import io.lokiz.jobs.JobPage;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Jobs;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The plan's one job resource, for jobs of every type: read one ({@code GET /v1/ai/jobs/{id}}),
 * list them, cancel one, get a ticket for its event stream ({@code /events} itself is the engine's).
 */
@Path("v1/ai/jobs")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class AiJobsResource {

    static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);
    static final List<String> TYPES = List.of(VideoPipeline.PREVIEW, VideoPipeline.TEMPLATE, VideoPipeline.GLITCH_ANIMATE,
            VideoPipeline.GLITCH_REPLACE, MusicPipeline.TYPE);

    private final Jobs jobs;
    private final JobViews views;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @Inject
    public AiJobsResource(Jobs jobs, JobViews views) {
        this.jobs = jobs;
        this.views = views;
    }

    protected AiJobsResource() {
        this(null, null);
    }

    /** A page of the caller's jobs, newest first. */
    public record Page(List<AiJobView> jobs, String next) {
    }

    public record EventsTicket(String ticket, @JsonbProperty("events_url") String eventsUrl,
                               @JsonbProperty("expires_in_seconds") long expiresInSeconds) {
    }

    /** The caller's jobs of every type, newest first; {@code type} and {@code status} filter, {@code cursor} pages on. */
    @GET
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

    /** Any job in the plan's shape, previews included (their spec shape stays at {@code /api/video/status}). */
    @GET
    @Path("{jobId}")
    public AiJobView job(@PathParam("jobId") String jobId) {
        return views.ofAiJob(owned(jobId));
    }

    @POST
    @Path("{jobId}/cancel")
    public AiJobView cancel(@PathParam("jobId") String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return jobs.cancel(id, Caller.require(security)).map(views::ofAiJob).orElseThrow(() -> Problem.notFound("job", jobId));
    }

    /** A ticket that opens the job's event stream where no header can be sent ({@code EventSource}). */
    @POST
    @Path("{jobId}/ticket")
    public EventsTicket ticket(@PathParam("jobId") String jobId) {
        JobRecord job = owned(jobId);
        String ticket = jobs.eventsTicket(job.id(), TICKET_LIFETIME);
        URI events = uri.getBaseUriBuilder().path("v1/ai/jobs/{id}/events").queryParam("ticket", ticket).build(job.id());
        return new EventsTicket(ticket, events.toString(), TICKET_LIFETIME.toSeconds());
    }

    private JobRecord owned(String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return jobs.find(id, Caller.require(security)).orElseThrow(() -> Problem.notFound("job", jobId));
    }
}
