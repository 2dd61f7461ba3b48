package io.lokiz.jobs.boundary;

import io.lokiz.jobs.Jobs;
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

/** The same progress stream at the plan's address, {@code /v1/ai/jobs/{id}/events}, for jobs of every type. */
@Path("v1/ai/jobs/{jobId}/events")
@RequestScoped
@Tag(name = "Job events")
public class AiJobEventsResource extends JobEventsResource {

    @Inject
    public AiJobEventsResource(JobStreams streams, Jobs jobs, Tickets tickets) {
        super(streams, jobs, tickets);
    }

    protected AiJobEventsResource() {
        this(null, null, null);
    }

    /** The same stream; declared again only so the plan's address has an operation of its own in the contract. */
    @Override
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamAiJobEvents", summary = "Follow a job live (Server-Sent Events)",
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
        super.events(jobId, ticket, lastEventId, sink, sse);
    }
}
