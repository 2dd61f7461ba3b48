package io.lokiz.jobs.boundary;

import io.lokiz.jobs.control.JobStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** {@code GET /api/admin/queue}: how many jobs are in each state, across all users and nodes. */
@Path("api/admin/queue")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminQueueResource {

    private final JobStore store;

    @Inject
    public AdminQueueResource(JobStore store) {
        this.store = store;
    }

    protected AdminQueueResource() {
        this(null);
    }

    /** The overview: job counts by state. */
    public record Overview(Map<String, Long> jobs) {
    }

    @GET
    public Overview overview() {
        return new Overview(store.countsByState());
    }
}
