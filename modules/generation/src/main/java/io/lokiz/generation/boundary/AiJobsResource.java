package io.lokiz.generation.boundary;

import io.lokiz.generation.control.AiJobView;
import io.lokiz.generation.control.GenerationJobs;
import io.lokiz.generation.control.JobViews;
import io.lokiz.jobs.JobPage;
import io.lokiz.kernel.Caller;
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
import java.util.List;

/**
 * The plan's one job resource, for jobs of every type: read one ({@code GET /v1/ai/jobs/{id}}),
 * list them, cancel one, get a ticket for its event stream ({@code /events} itself is the
 * engine's). Names and shapes only, over the one job API ({@link GenerationJobs}).
 */
@Path("v1/ai/jobs")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class AiJobsResource {

    private final GenerationJobs jobs;
    private final JobViews views;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @Inject
    public AiJobsResource(GenerationJobs jobs, JobViews views) {
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
        JobPage page = jobs.list(Caller.require(security), type, status, cursor, limit);
        return new Page(page.jobs().stream().map(views::ofAiJob).toList(), page.next());
    }

    /** Any job in the plan's shape, previews included (their spec shape stays at {@code /api/video/status}). */
    @GET
    @Path("{jobId}")
    public AiJobView job(@PathParam("jobId") String jobId) {
        return views.ofAiJob(jobs.owned(Caller.require(security), jobId));
    }

    @POST
    @Path("{jobId}/cancel")
    public AiJobView cancel(@PathParam("jobId") String jobId) {
        return views.ofAiJob(jobs.cancel(Caller.require(security), jobId));
    }

    /** A ticket that opens the job's event stream where no header can be sent ({@code EventSource}). */
    @POST
    @Path("{jobId}/ticket")
    public EventsTicket ticket(@PathParam("jobId") String jobId) {
        GenerationJobs.Ticket ticket = jobs.ticket(Caller.require(security), jobId);
        URI events = uri.getBaseUriBuilder().path("v1/ai/jobs/{id}/events").queryParam("ticket", ticket.ticket()).build(ticket.jobId());
        return new EventsTicket(ticket.ticket(), events.toString(), ticket.lifetime().toSeconds());
    }
}
