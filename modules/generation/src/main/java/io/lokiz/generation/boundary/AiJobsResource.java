package io.lokiz.generation.boundary;

import io.lokiz.generation.control.AiJobView;
import io.lokiz.generation.control.GenerationJobs;
import io.lokiz.generation.control.ProvenanceView;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(name = "AI jobs")
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
    @Schema(name = "AiJobPage")
    public record Page(List<AiJobView> jobs, String next) {
    }

    @Schema(name = "AiEventsTicket")
    public record EventsTicket(String ticket, @JsonbProperty("events_url") String eventsUrl,
                               @JsonbProperty("expires_in_seconds") long expiresInSeconds) {
    }

    /** The caller's jobs of every type, newest first; {@code type} and {@code status} filter, {@code cursor} pages on. */
    @GET
    @Operation(operationId = "listAiJobs", summary = "The caller's jobs, newest first",
            description = "Every type. type (video_preview, i2v_template, glitch_animate, glitch_replace, music) and status filter; "
                    + "limit is 1-100 (default 20); next is the cursor of the following page, absent on the last.")
    @APIResponse(responseCode = "200", description = "A page of jobs")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page list(@QueryParam("type") String type, @QueryParam("status") String status, @QueryParam("cursor") String cursor,
                     @QueryParam("limit") Integer limit) {
        JobPage page = jobs.list(Caller.require(security), type, status, cursor, limit);
        return new Page(page.jobs().stream().map(views::ofAiJob).toList(), page.next());
    }

    /** Any job in the plan's shape, previews included (their spec shape stays at {@code /api/video/status}). */
    @GET
    @Path("{jobId}")
    @Operation(operationId = "getAiJob", summary = "Read a job in the plan's words",
            description = "Any job, previews included: what was asked (input_data), what came of it (output_data, once completed, "
                    + "with the model that made it), credits reserved and used, the error when it failed.")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public AiJobView job(@PathParam("jobId") String jobId) {
        return views.ofAiJob(jobs.owned(Caller.require(security), jobId));
    }

    /** What made a completed job's outputs, as the C2PA manifests signed into them say. */
    @GET
    @Path("{jobId}/provenance")
    @Operation(operationId = "getAiJobProvenance", summary = "The content credentials of a job's outputs",
            description = "What the C2PA manifests signed into the job's video, thumbnail or music track state: digital_source_type, "
                    + "provider and model, the software, the input by its SHA-256, the signer. 409 until the job completes.")
    @APIResponse(responseCode = "200", description = "The manifests' statements, by output")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public ProvenanceView.Plan provenance(@PathParam("jobId") String jobId) {
        return jobs.jobProvenance(Caller.require(security), jobId);
    }

    @POST
    @Path("{jobId}/cancel")
    @Operation(operationId = "cancelAiJob", summary = "Cancel a job",
            description = "A job not yet ended becomes canceled and its reserved credits are released; an ended job is answered as it is.")
    @APIResponse(responseCode = "200", description = "The job after the cancel")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public AiJobView cancel(@PathParam("jobId") String jobId) {
        return views.ofAiJob(jobs.cancel(Caller.require(security), jobId));
    }

    /** A ticket that opens the job's event stream where no header can be sent ({@code EventSource}). */
    @POST
    @Path("{jobId}/ticket")
    @Operation(operationId = "createAiJobEventsTicket", summary = "A ticket for the job's event stream",
            description = "For EventSource, which cannot send a bearer token: the events URL with a short-lived ticket that opens this job's stream only.")
    @APIResponse(responseCode = "200", description = "The ticket and the URL to open")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public EventsTicket ticket(@PathParam("jobId") String jobId) {
        GenerationJobs.Ticket ticket = jobs.ticket(Caller.require(security), jobId);
        URI events = uri.getBaseUriBuilder().path("v1/ai/jobs/{id}/events").queryParam("ticket", ticket.ticket()).build(ticket.jobId());
        return new EventsTicket(ticket.ticket(), events.toString(), ticket.lifetime().toSeconds());
    }
}
