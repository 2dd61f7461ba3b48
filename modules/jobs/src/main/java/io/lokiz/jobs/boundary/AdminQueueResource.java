package io.lokiz.jobs.boundary;

import io.lokiz.jobs.control.JobStore;
import io.lokiz.jobs.control.QueueBoard;
import io.lokiz.kernel.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/**
 * The admin console's queue: {@code GET /api/admin/queue} shows jobs per state, the slots in use
 * and the queue against their limits, the jobs not yet ended and the latest failures, across all
 * users and nodes; {@code POST /api/admin/queue/jobs/{id}/cancel} stops anyone's job.
 */
@Path("api/admin/queue")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminQueueResource {

    private final QueueBoard board;
    private final JobStore store;

    @Inject
    public AdminQueueResource(QueueBoard board, JobStore store) {
        this.board = board;
        this.store = store;
    }

    protected AdminQueueResource() {
        this(null, null);
    }

    @GET
    public QueueBoard.Board overview() {
        return board.read();
    }

    /** Cancels the job unless it already ended (its credits are released as for its owner's cancel); answers its line. */
    @POST
    @Path("jobs/{jobId}/cancel")
    public QueueBoard.Line cancel(@PathParam("jobId") String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return store.cancelAny(id).map(QueueBoard.Line::of).orElseThrow(() -> Problem.notFound("job", jobId));
    }
}
