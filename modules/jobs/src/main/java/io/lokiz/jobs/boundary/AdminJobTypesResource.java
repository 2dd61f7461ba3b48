package io.lokiz.jobs.boundary;

import io.lokiz.audit.AuditTrail;
import io.lokiz.jobs.control.Pauses;
import io.lokiz.jobs.control.Pipelines;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Pausing a job type across every node ({@code /api/admin/job-types}): a paused type takes no new job (503
 * job-type-paused with Retry-After), its queued jobs wait unstarted, and the ones already running finish. Resuming lets
 * the queued ones start at the next claim of any node (within lokiz.worker.idle-poll-millis).
 */
@Path("api/admin/job-types")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - queue")
public class AdminJobTypesResource {

    private final Pipelines pipelines;
    private final Pauses pauses;
    private final AuditTrail audit;
    private final Clock clock;

    @Context
    SecurityContext security;

    @Inject
    public AdminJobTypesResource(Pipelines pipelines, Pauses pauses, AuditTrail audit, Clock clock) {
        this.pipelines = pipelines;
        this.pauses = pauses;
        this.audit = audit;
        this.clock = clock;
    }

    protected AdminJobTypesResource() {
        this(null, null, null, null);
    }

    /** A job type, and whether (since when, by whom) it is paused. */
    @Schema(name = "JobTypeState")
    public record TypeState(String type, boolean paused, Instant pausedAt, String pausedBy) {
        static TypeState of(String type, Pauses.Pause pause) {
            return pause == null ? new TypeState(type, false, null, null) : new TypeState(type, true, pause.since(), pause.by());
        }
    }

    @Schema(name = "JobTypeChange", example = "{\"paused\":true}")
    public record Change(@NotNull(message = "is required") Boolean paused) {
    }

    @GET
    @RolesAllowed({"admin", "support"})
    @Operation(operationId = "listJobTypes", summary = "Every job type, paused or not")
    @APIResponse(responseCode = "200", description = "The job types")
    public List<TypeState> list() {
        Map<String, Pauses.Pause> paused = pauses.all();
        return pipelines.types().stream().map(type -> TypeState.of(type, paused.get(type))).toList();
    }

    @PUT
    @Path("{type}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(operationId = "setJobTypePaused", summary = "Pause or resume a job type on every node",
            description = "Paused: new jobs of the type get 503 job-type-paused with Retry-After, queued ones wait unstarted, running ones "
                    + "finish. Resumed: the queued ones start. Pausing a paused type keeps its first pause.")
    @APIResponse(responseCode = "200", description = "The type now")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public TypeState set(@PathParam("type") String type, Change change) {
        if (!pipelines.types().contains(type)) {
            throw Problem.notFound("job-type", type);
        }
        if (change == null || change.paused() == null) {
            throw Problem.invalid("paused", "send {\"paused\": true|false}");
        }
        TypeState before = TypeState.of(type, pauses.of(type).orElse(null));
        if (change.paused()) {
            pauses.pause(type, Caller.require(security), clock.instant());
        } else {
            pauses.resume(type);
        }
        TypeState after = TypeState.of(type, pauses.of(type).orElse(null));
        audit.record(change.paused() ? "job-types.pause" : "job-types.resume", "job-type:" + type, before, after);
        return after;
    }
}
