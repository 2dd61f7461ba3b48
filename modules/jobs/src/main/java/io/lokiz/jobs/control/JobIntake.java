package io.lokiz.jobs.control;

import io.lokiz.credits.Credits;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.jobs.entity.Job;
import io.lokiz.jobs.entity.VideoSettings;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Accepts video requests: checks the input exists and puts the job in the queue, in one transaction. */
@ApplicationScoped
public class JobIntake {

    /** The price list entry of image-to-video previews. */
    static final String JOB_TYPE = "video_preview";

    private final JobQueue queue;
    private final VideoProviders providers;
    private final Credits credits;
    private final EngineSettings settings;
    private final Clock clock;

    @Inject
    public JobIntake(JobQueue queue, VideoProviders providers, Credits credits, EngineSettings settings, Clock clock) {
        this.queue = queue;
        this.providers = providers;
        this.credits = credits;
        this.settings = settings;
        this.clock = clock;
    }

    protected JobIntake() {
        this(null, null, null, null, null);
    }

    /** The queue is at capacity (spec REQ-UW-005); nothing was reserved or stored. */
    public static final class QueueFull extends RuntimeException {
        private final int depth;
        private final int retryAfterSeconds;

        QueueFull(int depth, int retryAfterSeconds) {
            super("the queue is full: " + depth + " jobs waiting or running");
            this.depth = depth;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int depth() {
            return depth;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /**
     * The new job, or empty when the user has no image with that id. The job's price is held in the
     * same transaction that inserts the job: there is never a job without its hold, nor a hold
     * without its job.
     */
    @Transactional(rollbackOn = InsufficientCredits.class)
    public Optional<JobView> accept(String user, UUID imageId, VideoSettings settings) throws InsufficientCredits {
        return accept(user, imageId, settings, null);
    }

    /**
     * As {@link #accept(String, UUID, VideoSettings)}, once per request key: a repeated key answers
     * the job it made first (even when the queue or the credits would now refuse), and the same key
     * for a different request is refused with {@link RequestKey.Reused}.
     */
    @Transactional(rollbackOn = InsufficientCredits.class)
    public Optional<JobView> accept(String user, UUID imageId, VideoSettings settings, RequestKey key) throws InsufficientCredits {
        if (key != null) {
            Optional<UUID> earlier = queue.claimKey(user, key);
            if (earlier.isPresent()) {
                return queue.view(earlier.get(), user);
            }
        }
        Optional<JobView> job = enqueue(user, imageId, settings);
        if (key != null && job.isPresent()) {
            queue.bindKey(user, key, job.get().id());
        }
        return job;
    }

    /** The job a request key made before, if it did: a look only (concurrent first uses meet in {@link #accept}). */
    @Transactional
    public Optional<JobView> earlier(String user, RequestKey key) {
        return queue.keyedJob(user, key.key()).flatMap(id -> queue.view(id, user));
    }

    private Optional<JobView> enqueue(String user, UUID imageId, VideoSettings settings) throws InsufficientCredits {
        if (!queue.admit(this.settings.maxQueued())) {
            int depth = queue.depth();
            // A full queue drains by maxActive jobs at a time, each about one generation long.
            int waves = Math.max(1, (depth - this.settings.maxQueued() + this.settings.maxActive()) / this.settings.maxActive());
            throw new QueueFull(depth, (int) Math.max(5, waves * this.settings.providerPoll().toSeconds()));
        }
        if (queue.image(imageId).filter(image -> image.isOwnedBy(user)).isEmpty()) {
            return Optional.empty();
        }
        int price = credits.price(JOB_TYPE);
        var job = new Job(UUID.randomUUID(), user, imageId, settings, providers.current().name(), price, clock.instant());
        credits.hold(user, price, job.creditReference());
        return Optional.of(queue.enqueue(job));
    }
}
