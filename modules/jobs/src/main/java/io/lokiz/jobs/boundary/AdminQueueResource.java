package io.lokiz.jobs.boundary;

import io.lokiz.audit.AuditTrail;
import io.lokiz.jobs.control.JobStore;
import io.lokiz.jobs.control.QueueBoard;
import io.lokiz.kernel.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(name = "Admin - queue")
public class AdminQueueResource {

    private final QueueBoard board;
    private final JobStore store;
    private final AuditTrail audit;

    @Inject
    public AdminQueueResource(QueueBoard board, JobStore store, AuditTrail audit) {
        this.board = board;
        this.store = store;
        this.audit = audit;
    }

    protected AdminQueueResource() {
        this(null, null, null);
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Operation(operationId = "getQueue", summary = "The queue across every node",
            description = "Running against lokiz.jobs.max-active, queued against lokiz.jobs.max-queued, counts per state, the jobs not yet ended and the latest failures.")
    @APIResponse(responseCode = "200", description = "The queue now")
    public QueueBoard.Board overview() {
        return board.read();
    }

    /** Cancels the job unless it already ended (its credits are released as for its owner's cancel); answers its line. */
    @POST
    @Path("jobs/{jobId}/cancel")
    @Operation(operationId = "cancelAnyJob", summary = "Cancel anyone's job",
            description = "Unless it already ended; its reserved credits are released as for its owner's cancel. Answers the job's line.")
    @APIResponse(responseCode = "200", description = "The job after the cancel")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @Transactional
    public QueueBoard.Line cancel(@PathParam("jobId") String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        JobStore.Changed changed = store.cancelAny(id).orElseThrow(() -> Problem.notFound("job", jobId));
        QueueBoard.Line after = QueueBoard.Line.of(changed.after());
        audit.record("jobs.cancel", "job:" + id, QueueBoard.Line.of(changed.before()), after);
        return after;
    }
}
