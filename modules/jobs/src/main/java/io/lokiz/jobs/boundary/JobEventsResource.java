package io.lokiz.jobs.boundary;

import io.lokiz.jobs.Jobs;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.Tickets;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/**
 * {@code GET /api/video/status/{jobId}/events}: a job's state and progress as Server-Sent Events,
 * whatever its type. Takes the owner's bearer token, or (for {@code EventSource}, which cannot
 * send headers) a ticket from {@link Jobs#eventsTicket} that opens this one job's stream and
 * nothing else.
 */
@Path("api/video/status/{jobId}/events")
@RequestScoped
@Tag(name = "Job events")
public class JobEventsResource {

    /** What both addresses of the stream say about it. */
    static final String STREAM = "Each event is named status; its id is the job's version and its data the job as the status "
            + "operations show it. On connecting the job's current state comes first; the stream ends after its last state. "
            + "A reconnecting client sends Last-Event-ID and gets only what it missed. The owner's bearer token opens it, or "
            + "(for EventSource, which cannot send headers) a ticket in the query from the job's ticket operation.";
    private final JobStreams streams;
    private final Jobs jobs;
    private final Tickets tickets;

    @Context
    SecurityContext security;

    @Inject
    public JobEventsResource(JobStreams streams, Jobs jobs, Tickets tickets) {
        this.streams = streams;
        this.jobs = jobs;
        this.tickets = tickets;
    }

    protected JobEventsResource() {
        this(null, null, null);
    }

    /** A reconnecting {@code EventSource} sends the id of the last event it got; anything else means "from now". */
    private static Long lastEventId(String header) {
        try {
            return header == null || header.isBlank() ? null : Long.parseLong(header.trim());
        } catch (NumberFormatException notOurs) {
            return null;
        }
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamVideoJobEvents", summary = "Follow a job live (Server-Sent Events)",
            description = JobEventsResource.STREAM)
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "ticket")
    @APIResponse(responseCode = "200", description = "The stream: events named status, id the job's version, data the job as JSON",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "progress", value = "id: 7\nevent: status\ndata: {\"status\":\"generating\",\"progress\":40}\n\n")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void events(@PathParam("jobId") String jobId, @QueryParam("ticket") String ticket,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        UUID id = Problem.idOrNotFound("job", jobId);
        var user = Caller.of(security);
        if (user.isPresent()) {
            // A job this node streams already shows its owner; only the first subscriber of a storm looks it up.
            if (!streams.streamsFor(id, user.get()) && jobs.find(id, user.get()).isEmpty()) {
                throw Problem.notFound("job", jobId);
            }
        } else if (!tickets.admits(ticket, Jobs.EVENTS_TICKET, id.toString())) {
            throw Problem.unauthorized();
        }
        if (!streams.subscribe(id, sink, sse, lastEventId(lastEventId))) {
            throw Problem.notFound("job", jobId);
        }
    }
}
