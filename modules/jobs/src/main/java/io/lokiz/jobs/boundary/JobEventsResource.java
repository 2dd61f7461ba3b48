package io.lokiz.jobs.boundary;

import io.lokiz.jobs.control.JobQueue;
import io.lokiz.kernel.Tickets;
import io.lokiz.kernel.Caller;
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

import java.util.UUID;

/**
 * {@code GET /api/video/status/{jobId}/events}: the job's state and progress as Server-Sent
 * Events. Takes the owner's bearer token, or (for {@code EventSource}, which cannot send headers)
 * a ticket from {@code POST .../ticket} that opens this one job's stream and nothing else.
 */
@Path("api/video/status/{jobId}/events")
@RequestScoped
public class JobEventsResource {

    static final String PURPOSE = "events";

    private final JobStreams streams;
    private final JobQueue queue;
    private final Tickets tickets;

    @Context
    SecurityContext security;

    @Inject
    public JobEventsResource(JobStreams streams, JobQueue queue, Tickets tickets) {
        this.streams = streams;
        this.queue = queue;
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
    public void events(@PathParam("jobId") String jobId, @QueryParam("ticket") String ticket,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        UUID id = VideoResource.idOrNotFound("job", jobId);
        var user = Caller.of(security);
        if (user.isPresent()) {
            queue.view(id, user.get()).orElseThrow(() -> Problems.notFound("job", jobId));
        } else if (!tickets.admits(ticket, PURPOSE, id.toString())) {
            throw Problems.unauthorized();
        }
        if (!streams.subscribe(id, sink, sse, lastEventId(lastEventId))) {
            throw Problems.notFound("job", jobId);
        }
    }
}
