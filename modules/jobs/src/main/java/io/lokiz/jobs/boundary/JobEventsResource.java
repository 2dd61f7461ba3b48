package io.lokiz.jobs.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.UUID;

/** {@code GET /api/video/status/{jobId}/events}: the job's state and progress as Server-Sent Events. */
@Path("api/video/status/{jobId}/events")
@RequestScoped
public class JobEventsResource {

    private final JobStreams streams;

    @Inject
    public JobEventsResource(JobStreams streams) {
        this.streams = streams;
    }

    protected JobEventsResource() {
        this.streams = null;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("jobId") String jobId, @Context SseEventSink sink, @Context Sse sse) {
        UUID id = VideoResource.idOrNotFound("job", jobId);
        if (!streams.subscribe(id, sink, sse)) {
            throw Problems.notFound("job", jobId);
        }
    }
}
