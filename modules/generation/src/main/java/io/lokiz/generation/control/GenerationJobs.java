package io.lokiz.generation.control;

import io.lokiz.jobs.JobPage;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Jobs;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RequestKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one job API under both dialects (the spec's {@code /api/video/*}, the plan's
 * {@code /v1/ai/*}): accept a request of any job type, find, list and cancel the caller's jobs,
 * and ticket their event streams. The dialects only translate names and shapes; every rule is
 * here, so both answer alike.
 */
@ApplicationScoped
public class GenerationJobs {

    /** How long an events ticket may be used to open a stream. */
    public static final Duration TICKET_LIFETIME = Duration.ofSeconds(60);

    private final Intake intake;
    private final JobTypes types;
    private final Jobs jobs;
    private final JobLimit limit;
    private final Videos videos;
    private final JobViews views;

    @Inject
    public GenerationJobs(Intake intake, JobTypes types, Jobs jobs, JobLimit limit, Videos videos, JobViews views) {
        this.intake = intake;
        this.types = types;
        this.jobs = jobs;
        this.limit = limit;
        this.videos = videos;
        this.views = views;
    }

    protected GenerationJobs() {
        this(null, null, null, null, null, null);
    }

    /** A ticket that opens one job's event stream where no header can be sent ({@code EventSource}). */
    public record Ticket(UUID jobId, String ticket, Duration lifetime) {
    }

    /**
     * Checks that {@code idempotencyKey} is well formed and that the user may make another job
     * (the rate limit), before the request costs anything; call before translating a body whose
     * refusal should not be counted.
     */
    public void admit(String user, String idempotencyKey) {
        RequestKey.of(idempotencyKey, "");
        limit.admit(user);
    }

    /** A new job from {@code request} (after {@link #admit}), or the job its {@code Idempotency-Key} made before. */
    public JobRecord accept(String user, JobRequest request, String idempotencyKey) {
        return accept(user, request, RequestKey.of(idempotencyKey, request.fingerprint()));
    }

    /**
     * A new job from {@code request}, once per {@code key} (null: no key). A repeated key answers
     * its first job without importing or resolving anything again.
     */
    public <R extends JobRequest> JobRecord accept(String user, R request, RequestKey key) {
        Optional<JobRecord> earlier = earlier(user, key);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        JobType<R> type = types.of(request);
        Intake.InputMaker input = type.prepare(user, request);
        return Problems.accepted(() -> intake.accept(user, type.name(), key, input));
    }

    /** The caller's job by the id the client sent; another user's is as absent as a missing one. */
    public JobRecord owned(String user, String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return jobs.find(id, user).orElseThrow(() -> Problem.notFound("job", jobId));
    }

    /** The caller's jobs, newest first; {@code type} and {@code status} filter, {@code cursor} pages on. */
    public JobPage list(String user, String type, String status, String cursor, Integer limit) {
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > 100) {
            throw Problem.invalid("limit", "limit must be between 1 and 100");
        }
        if (type != null && types.named(type).isEmpty()) {
            throw Problem.invalid("type", "type must be one of " + types.names());
        }
        JobState state = null;
        if (status != null) {
            state = JobState.ofWire(status).orElseThrow(() -> Problem.invalid("status", "status must be one of " + JobState.wires()));
        }
        JobPage.Cursor after = cursor == null ? null : JobPage.Cursor.decode(cursor)
                .orElseThrow(() -> Problem.invalid("cursor", "cursor must be the next value of an earlier page"));
        return jobs.list(user, type, state, after, size);
    }

    /** Cancels the caller's job unless it already ended; the job as it is afterwards. */
    public JobRecord cancel(String user, String jobId) {
        UUID id = Problem.idOrNotFound("job", jobId);
        return jobs.cancel(id, user).orElseThrow(() -> Problem.notFound("job", jobId));
    }

    /** The job as its type shows it (a preview in the spec's shape, the plan's jobs in the plan's). */
    public Object present(JobRecord job) {
        return jobs.present(job);
    }

    /**
     * The caller's finished video. A job's id names its video too: until that job completes the
     * answer is {@code 409} with the job's status (REQ-S-003: no URL before {@code completed}).
     */
    public VideoFiles video(String user, String videoId) {
        UUID id = Problem.idOrNotFound("video", videoId);
        Optional<VideoFiles> video = videos.find(id, user);
        if (video.isPresent()) {
            return video.get();
        }
        JobRecord job = jobs.find(id, user).orElseThrow(() -> Problem.notFound("video", videoId));
        return views.finished(job).orElseThrow(() -> Problem.of(409, "video-not-ready", "Video not ready",
                "The video of job " + job.id() + " is not ready: the job is " + job.state().wire()
                        + (job.state().isTerminal() ? "." : "; its URLs come once it is completed."),
                Map.of("jobId", job.id().toString(), "jobStatus", job.state().wire())));
    }

    /** What the content credentials of the caller's finished video say; {@code 404} for a video stored before signing began. */
    public ProvenanceView provenance(String user, String videoId) {
        VideoFiles video = video(user, videoId);
        return ProvenanceView.of(video.id(), videos.credentials(video.id(), user).orElseThrow(() -> unsigned("Video " + video.id())));
    }

    /** What the content credentials of a completed job's outputs say, in the plan's words. */
    public ProvenanceView.Plan jobProvenance(String user, String jobId) {
        JobRecord job = owned(user, jobId);
        JobOutput output = JobOutput.of(job.output());
        if (job.state() != JobState.COMPLETED) {
            throw Problem.of(409, "job-not-completed", "Job not completed", "Job " + job.id() + " is " + job.state().wire()
                    + "; what made its outputs is signed into them when it completes.", Map.of("jobStatus", job.state().wire()));
        }
        if (output.credentials() == null) {
            throw unsigned("Job " + job.id());
        }
        return ProvenanceView.Plan.of(job.id(), output.credentials());
    }

    private static WebApplicationException unsigned(String what) {
        return Problem.of(404, "no-content-credentials", "No content credentials",
                what + " was stored before Lokiz signed what it makes, so its files carry no content credentials.");
    }

    public Ticket ticket(String user, String jobId) {
        JobRecord job = owned(user, jobId);
        return new Ticket(job.id(), jobs.eventsTicket(job.id(), TICKET_LIFETIME), TICKET_LIFETIME);
    }

    /** The job a request key made before, if it did: a look only (concurrent first uses meet in {@link Intake#accept}). */
    private Optional<JobRecord> earlier(String user, RequestKey key) {
        try {
            return key == null ? Optional.empty() : intake.earlier(user, key);
        } catch (RequestKey.Reused e) {
            throw e.problem();
        }
    }
}
