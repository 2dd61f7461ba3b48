package io.lokiz.jobs.boundary;

import io.lokiz.audit.AuditTrail;
import io.lokiz.jobs.JobAccounting;
import io.lokiz.jobs.JobFilter;
import io.lokiz.jobs.JobHistory;
import io.lokiz.jobs.JobPage;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Jobs;
import io.lokiz.jobs.control.JobStore;
import io.lokiz.jobs.control.QueueBoard;
import io.lokiz.jobs.control.Retries;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The admin console's queue: {@code GET /api/admin/queue} shows jobs per state, the slots in use
 * and the queue against their limits, the jobs not yet ended and the latest failures, across all
 * users and nodes; {@code /jobs} searches anyone's jobs and shows one's whole history; an admin
 * cancels anyone's job, and retries a failed or canceled one (or every one a filter finds).
 */
@Path("api/admin/queue")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - queue")
public class AdminQueueResource {

    static final int MAX_LIMIT = 200;
    static final int MAX_BULK = 100;

    private final QueueBoard board;
    private final JobStore store;
    private final Jobs jobs;
    private final Retries retries;
    private final JobAccounting accounting;
    private final AuditTrail audit;

    @Inject
    public AdminQueueResource(QueueBoard board, JobStore store, Jobs jobs, Retries retries, JobAccounting accounting, AuditTrail audit) {
        this.board = board;
        this.store = store;
        this.jobs = jobs;
        this.retries = retries;
        this.accounting = accounting;
        this.audit = audit;
    }

    protected AdminQueueResource() {
        this(null, null, null, null, null, null);
    }

    /** A page of anyone's jobs; {@code next} pages on as {@code before}. */
    @Schema(name = "QueueJobPage")
    public record Page(List<QueueBoard.Line> jobs, String next) {
    }

    /** One version of a job, as its event log kept it. */
    @Schema(name = "QueueJobVersion")
    public record Version(long version, String state, int progress, int attempts, String error, Instant at) {
        static Version of(JobRecord job) {
            return new Version(job.version(), job.state().wire(), job.progress(), job.attempts(), job.error(), job.updatedAt());
        }
    }

    /** A job's whole history: as it is, what was asked and made, every version, its retry links and its credits. */
    @Schema(name = "QueueJobHistory")
    public record History(QueueBoard.Line job,
                          @Schema(type = SchemaType.OBJECT, description = "What was asked, with its price") JsonObject input,
                          @Schema(type = SchemaType.OBJECT, description = "What the job recorded: storage keys, the provider and its request id, retries of uploads") JsonObject output,
                          List<Version> versions, UUID retryOf, List<UUID> retries,
                          @Schema(description = "Its ledger entries: the hold, then the charge or the release") List<JobAccounting.LedgerEntry> credits) {
    }

    /** Which failed or canceled jobs to make again; every part optional. */
    @Schema(name = "QueueRetryFilter", example = "{\"type\":\"video_preview\",\"state\":\"failed\",\"from\":\"2026-12-08T00:00:00Z\"}")
    public record RetryFilter(@Size(max = 40) String type, @Size(max = 200) String user,
                              @Schema(enumeration = {"failed", "canceled"}, description = "failed unless given") String state,
                              Instant from, Instant to, @Min(1) @Max(MAX_BULK) Integer limit) {
    }

    /** What a bulk retry did: each new job beside its original, and each job it left, with why. */
    @Schema(name = "QueueRetries")
    public record Retried(List<Made> retried, List<Skipped> skipped) {
    }

    @Schema(name = "QueueRetryMade")
    public record Made(UUID original, QueueBoard.Line retry) {
    }

    @Schema(name = "QueueRetrySkipped")
    public record Skipped(UUID original, int status, String type, String detail) {
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Operation(operationId = "getQueue", summary = "The queue across every node",
            description = "Running against lokiz.jobs.max-active, queued against lokiz.jobs.max-queued, counts per state, the jobs not yet ended and the latest failures.")
    @APIResponse(responseCode = "200", description = "The queue now")
    public QueueBoard.Board overview() {
        return board.read();
    }

    @GET
    @Path("jobs")
    @RolesAllowed({"admin", "support"})
    @Operation(operationId = "searchJobs", summary = "Search anyone's jobs",
            description = "By id, user, type, state (pending ... canceled) and creation time (from inclusive, to exclusive, ISO-8601), "
                    + "newest first; limit 1-200 (default 50); next pages on as before.")
    @APIResponse(responseCode = "200", description = "A page of jobs")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page search(@QueryParam("id") String id, @QueryParam("user") String user, @QueryParam("type") String type,
                       @QueryParam("state") String state,
                       @QueryParam("from") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String from,
                       @QueryParam("to") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String to,
                       @QueryParam("before") String before, @QueryParam("limit") Integer limit) {
        int size = QueryParams.limit(limit, 50, MAX_LIMIT);
        JobPage.Cursor after = before == null ? null : JobPage.Cursor.decode(before)
                .orElseThrow(() -> Problem.invalid("before", "before is the next of an earlier page"));
        String job = QueryParams.text(id);
        JobFilter filter = new JobFilter(job == null ? null : Problem.id("id", job), QueryParams.text(user), QueryParams.text(type),
                state(state), QueryParams.instant("from", from), QueryParams.instant("to", to), false);
        JobPage page = jobs.search(filter, after, size);
        return new Page(page.jobs().stream().map(QueueBoard.Line::of).toList(), page.next());
    }

    @GET
    @Path("jobs/{jobId}")
    @RolesAllowed({"admin", "support"})
    @Operation(operationId = "getJobHistory", summary = "One job's whole history",
            description = "The job as it is, what was asked and what it recorded (provider, request ids, storage keys), every version "
                    + "it went through (state, progress, attempts, errors), the job it retries and its retry, and its credits.")
    @APIResponse(responseCode = "200", description = "The job's history")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public History history(@PathParam("jobId") String jobId) {
        JobHistory history = jobs.history(Problem.idOrNotFound("job", jobId)).orElseThrow(() -> Problem.notFound("job", jobId));
        JobRecord job = history.job();
        return new History(QueueBoard.Line.of(job), job.input(), job.output(), history.versions().stream().map(Version::of).toList(),
                history.retryOf(), history.retries(), accounting.entries(job.id()));
    }

    @POST
    @Path("jobs/{jobId}/retry")
    @Operation(operationId = "retryJob", summary = "Make a failed or canceled job again",
            description = "A new job with the same owner, type and input, linked to the original both ways (retryOf; the original's "
                    + "retries), its price held again from its owner, admitted like any new job. One retry per job: retry the retry to go again.")
    @APIResponse(responseCode = "201", description = "The new job", content = @Content(schema = @Schema(implementation = QueueBoard.Line.class)))
    @APIResponse(responseCode = "402", ref = "PaymentRequired")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Response retry(@PathParam("jobId") String jobId) {
        Jobs.Retry retry = retries.retry(Problem.idOrNotFound("job", jobId)).orElseThrow(() -> Problem.notFound("job", jobId));
        return Response.status(201).entity(QueueBoard.Line.of(retry.made())).build();
    }

    @POST
    @Path("retries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "retryJobs", summary = "Make every failed (or canceled) job a filter finds again",
            description = "Up to limit (1-100, default 100) of the jobs not retried yet, oldest last as search shows them; each "
                    + "one on its own (its new job, its hold and its audit entry together), so a job whose owner cannot pay is "
                    + "skipped, with why, and the others go on.")
    @APIResponse(responseCode = "200", description = "What was retried and what was skipped")
    public Retried retryAll(RetryFilter filter) {
        String state = filter.state() == null ? "failed" : filter.state();
        if (!state.equals("failed") && !state.equals("canceled")) {
            throw Problem.invalid("state", "only failed and canceled jobs are retried");
        }
        QueryParams.requireOrder(filter.from(), filter.to());
        JobFilter which = new JobFilter(null, QueryParams.text(filter.user()), QueryParams.text(filter.type()), state(state), filter.from(),
                filter.to(), true);
        List<Made> made = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (JobRecord job : jobs.search(which, null, filter.limit() == null ? MAX_BULK : filter.limit()).jobs()) {
            try {
                retries.retry(job.id()).ifPresent(retry -> made.add(new Made(job.id(), QueueBoard.Line.of(retry.made()))));
            } catch (WebApplicationException refused) { // this job's alone: its owner's credits, a pause, a full queue
                skipped.add(skipped(job.id(), refused));
            }
        }
        return new Retried(made, skipped);
    }

    private static Skipped skipped(UUID id, WebApplicationException problem) {
        Object body = problem.getResponse().getEntity();
        JsonObject json = body instanceof JsonObject object ? object : JsonObject.EMPTY_JSON_OBJECT;
        return new Skipped(id, problem.getResponse().getStatus(), json.getString("type", ""), json.getString("detail", problem.getMessage()));
    }

    private static JobState state(String wire) {
        if (wire == null || wire.isBlank()) {
            return null;
        }
        return JobState.ofWire(wire.trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> Problem.invalid("state", "state is one of " + JobState.wires()));
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
