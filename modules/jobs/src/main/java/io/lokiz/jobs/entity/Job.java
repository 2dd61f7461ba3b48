package io.lokiz.jobs.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A video job and its place in the queue. Every transition is a method here, so the rules of
 * the state machine (progress never goes back, a finished job has no next step, attempts are
 * bounded) live in one place and the database checks repeat them.
 */
@Entity
@Table(name = "job_jobs")
public class Job {

    /** Progress points at which each phase starts; encoding fills the span up to {@link #ENCODED}. */
    public static final int SUBMITTED = 5;
    public static final int GENERATED = 40;
    public static final int ENCODING = 45;
    public static final int ENCODED = 85;
    public static final int UPLOADING = 90;

    @Id
    private UUID id;
    @Column(nullable = false)
    private String owner;
    @Column(name = "image_id", nullable = false)
    private UUID imageId;
    @Enumerated(EnumType.STRING)
    private JobState state;
    private int progress;
    @Column(name = "duration_s")
    private int duration;
    private String resolution;
    private int fps;
    private String format;
    @Column(name = "enable_hls")
    private boolean enableHls;
    @Column(name = "enable_branding")
    private boolean enableBranding;
    @Enumerated(EnumType.STRING)
    private JobStep step;
    @Column(name = "run_at")
    private Instant runAt;
    @Column(name = "lease_owner")
    private String leaseOwner;
    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;
    private int attempts;
    @Column(name = "generation_started_at")
    private Instant generationStartedAt;
    private String provider;
    private int price;
    @Column(name = "provider_request_id")
    private String providerRequestId;
    @Column(name = "provider_result")
    private String providerResult;
    @Column(name = "video_id")
    private UUID videoId;
    private String error;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Version
    private long version;

    protected Job() {
    }

    /** A new job, due for submission at once. */
    public Job(UUID id, String owner, UUID imageId, VideoSettings settings, String provider, int price, Instant now) {
        this.id = id;
        this.owner = owner;
        this.price = price;
        this.imageId = imageId;
        this.state = JobState.PENDING;
        this.duration = settings.duration();
        this.resolution = settings.resolution();
        this.fps = settings.fps();
        this.format = settings.format();
        this.enableHls = settings.enableHLS();
        this.enableBranding = settings.enableBranding();
        this.provider = provider;
        this.step = JobStep.SUBMIT;
        this.runAt = now;
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = createdAt;
    }

    public boolean isLeasedBy(String owner, Instant now) {
        return owner.equals(leaseOwner) && leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
    }

    /** A new generation attempt starts. */
    public void startGeneration(Instant now) {
        attempts++;
        state = JobState.GENERATING;
        generationStartedAt = now;
        providerRequestId = null;
        providerResult = null;
        advance(SUBMITTED);
    }

    /** The provider accepted the request; look again at {@code pollAt}. */
    public void generationRunning(String requestId, Instant pollAt) {
        providerRequestId = requestId;
        park(JobStep.POLL, pollAt);
    }

    /** The provider's clip is ready at {@code result}. */
    public void generated(URI result, Instant now) {
        providerResult = result.toString();
        advance(GENERATED);
        park(JobStep.ENCODE, now);
    }

    /** True when the running attempt has taken longer than {@code timeout} (spec REQ-UW-001: 60 s). */
    public boolean generationTimedOut(Instant now, Duration timeout) {
        return generationStartedAt != null && now.isAfter(generationStartedAt.plus(timeout));
    }

    /** This attempt failed; another one follows at {@code retryAt} unless attempts are used up. */
    public void generationFailed(String reason, int maxAttempts, Instant retryAt, Instant now) {
        if (attempts >= maxAttempts) {
            fail(reason + " (after " + attempts + " attempts)", now);
        } else {
            error = reason;
            park(JobStep.SUBMIT, retryAt);
        }
    }

    /** The clip a step needs is gone (another node made it): generate again without counting an attempt. */
    public void regenerate(Instant now) {
        attempts = Math.max(0, attempts - 1);
        park(JobStep.SUBMIT, now);
    }

    public void startEncoding() {
        state = JobState.ENCODING;
        advance(ENCODING);
    }

    public void encoded(Instant now) {
        advance(ENCODED);
        park(JobStep.UPLOAD, now);
    }

    public void startUploading() {
        state = JobState.UPLOADING;
        advance(UPLOADING);
    }

    /** The files are stored as video {@code video}; publishing is next. */
    public void uploaded(UUID video, Instant now) {
        videoId = video;
        park(JobStep.COMPLETE, now);
    }

    public void complete(Instant now) {
        state = JobState.COMPLETED;
        error = null;
        progress = 100;
        finish(now);
    }

    /** The user gave up on the job; whatever step was running stops at its next commit. */
    public void cancel(Instant now) {
        state = JobState.CANCELED;
        finish(now);
    }

    public void fail(String reason, Instant now) {
        state = JobState.FAILED;
        error = reason;
        finish(now);
    }

    /** Moves progress forward to {@code percent}; never backwards, and 100 only by completing. */
    public void advance(int percent) {
        progress = Math.max(progress, Math.min(99, percent));
    }

    /** Waits for {@code next} at {@code at}. */
    public void park(JobStep next, Instant at) {
        step = next;
        runAt = at;
    }

    /** Gives the row back to the queue so any node may run its next step. */
    public void releaseLease() {
        leaseOwner = null;
        leaseExpiresAt = null;
    }

    /** Records the change time at the database's precision, so a re-read job looks the same. */
    public void touch(Instant now) {
        updatedAt = now.truncatedTo(ChronoUnit.MICROS);
    }

    private void finish(Instant now) {
        step = null;
        runAt = null;
        releaseLease();
        touch(now);
    }

    public UUID id() {
        return id;
    }

    public boolean isOwnedBy(String user) {
        return owner.equals(user);
    }

    public String owner() {
        return owner;
    }

    public UUID imageId() {
        return imageId;
    }

    public JobState state() {
        return state;
    }

    public int progress() {
        return progress;
    }

    public VideoSettings settings() {
        return new VideoSettings(duration, resolution, fps, format, enableHls, enableBranding);
    }

    public JobStep step() {
        return step;
    }

    public Instant runAt() {
        return runAt;
    }

    public int attempts() {
        return attempts;
    }

    public Instant generationStartedAt() {
        return generationStartedAt;
    }

    public String provider() {
        return provider;
    }

    /** The credits this job was accepted at. */
    public int price() {
        return price;
    }

    /** How the job's credits are referred to in the ledger. */
    public String creditReference() {
        return "job:" + id;
    }

    public String providerRequestId() {
        return providerRequestId;
    }

    public String providerResult() {
        return providerResult;
    }

    public UUID videoId() {
        return videoId;
    }

    public String error() {
        return error;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }
}
