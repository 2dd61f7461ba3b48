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

import java.util.UUID;

/**
 * {@code GET /api/video/status/{jobId}/events}: a job's state and progress as Server-Sent Events,
 * whatever its type. Takes the owner's bearer token, or (for {@code EventSource}, which cannot
 * send headers) a ticket from {@link Jobs#eventsTicket} that opens this one job's stream and
 * nothing else.
 */
@Path("api/video/status/{jobId}/events")
@RequestScoped
public class JobEventsResource {

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
    public void events(@PathParam("jobId") String jobId, @QueryParam("ticket") String ticket,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        UUID id = Problem.idOrNotFound("job", jobId);
        var user = Caller.of(security);
        if (user.isPresent()) {
            jobs.find(id, user.get()).orElseThrow(() -> Problem.notFound("job", jobId));
        } else if (!tickets.admits(ticket, Jobs.EVENTS_TICKET, id.toString())) {
            throw Problem.unauthorized();
        }
        if (!streams.subscribe(id, sink, sse, lastEventId(lastEventId))) {
            throw Problem.notFound("job", jobId);
        }
    }
}
