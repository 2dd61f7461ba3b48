package io.lokiz.jobs.boundary;

import io.lokiz.jobs.Jobs;
import io.lokiz.kernel.Tickets;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;

/** The same progress stream at the plan's address, {@code /v1/ai/jobs/{id}/events}, for jobs of every type. */
@Path("v1/ai/jobs/{jobId}/events")
@RequestScoped
public class AiJobEventsResource extends JobEventsResource {

    @Inject
    public AiJobEventsResource(JobStreams streams, Jobs jobs, Tickets tickets) {
        super(streams, jobs, tickets);
    }

    protected AiJobEventsResource() {
        this(null, null, null);
    }
}
