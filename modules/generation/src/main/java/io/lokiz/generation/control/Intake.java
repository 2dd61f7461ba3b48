package io.lokiz.generation.control;

import io.lokiz.assets.Images;
import io.lokiz.credits.Credits;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.Jobs;
import io.lokiz.kernel.RequestKey;
import io.lokiz.media.FrameSize;
import io.lokiz.providers.ProviderSpend;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.util.Optional;
import java.util.UUID;

/** Accepts job requests of every type: what they name, the queue's room, the credits and the job, in one transaction. */
@ApplicationScoped
public class Intake {

    private final Jobs jobs;
    private final Images images;
    private final Credits credits;
    private final VideoProviders providers;
    private final ProviderSpend spend;
    private final GenerationMetrics metrics;

    @Inject
    public Intake(Jobs jobs, Images images, Credits credits, VideoProviders providers, ProviderSpend spend, GenerationMetrics metrics) {
        this.jobs = jobs;
        this.images = images;
        this.credits = credits;
        this.providers = providers;
        this.spend = spend;
        this.metrics = metrics;
    }

    protected Intake() {
        this(null, null, null, null, null, null);
    }

    /** How the job's credits are referred to in the ledger. */
    public static String creditReference(UUID jobId) {
        return "job:" + jobId;
    }

    /**
     * Makes the job's input from its price, inside the accepting transaction (so that what it
     * reads, such as the user's image, is marked used with the job); empty when something the
     * request names is not the user's.
     */
    @FunctionalInterface
    public interface InputMaker {
        Optional<JsonObject> input(int price);
    }

    /**
     * The new job of {@code type}, or empty when the request names something the user does not
     * have; once per request key when there is one: a repeated key answers the job it made first
     * (even when the queue or the credits would now refuse), the same key for a different request
     * is refused with {@link RequestKey.Reused}. The price is held in the transaction that adds
     * the job: there is never a job without its hold, nor a hold without its job. A job type
     * without a price is refused ({@link NotOffered}).
     */
    @Transactional(rollbackOn = InsufficientCredits.class)
    public Optional<JobRecord> accept(String user, String type, RequestKey key, InputMaker maker) throws InsufficientCredits {
        if (key != null) {
            Optional<JobRecord> earlier = jobs.claimKey(user, key);
            if (earlier.isPresent()) {
                return earlier;
            }
        }
        jobs.admit();
        if (providers.forType(type).paid()) {
            spend.requireBudget(); // a paid generation starts only while this month's budget lasts
        }
        int price;
        try {
            price = credits.price(type);
        } catch (IllegalArgumentException e) {
            throw new NotOffered(type);
        }
        Optional<JsonObject> input = maker.input(price);
        if (input.isEmpty()) {
            return Optional.empty();
        }
        JobRecord job = jobs.enqueue(user, type, input.get());
        credits.hold(user, price, creditReference(job.id()));
        metrics.credits("held", price);
        if (key != null) {
            jobs.bindKey(user, key, job.id());
        }
        return Optional.of(job);
    }

    /** An image-to-video preview of the user's image; empty when the user has no image with that id. */
    @Transactional(rollbackOn = InsufficientCredits.class)
    public Optional<JobRecord> accept(String user, UUID imageId, VideoSettings settings, RequestKey key) throws InsufficientCredits {
        return accept(user, VideoPipeline.PREVIEW, key, price -> images.use(imageId, user).map(image -> {
            FrameSize frame = FrameSize.forImage(settings.shortSide(), image.width(), image.height());
            return new ClipInput(imageId, image.storageKey(), settings, frame, providers.forType(VideoPipeline.PREVIEW).name(), price,
                    null, null).json();
        }));
    }

    /** A job type with no price is not offered: never free by mistake. */
    public static final class NotOffered extends RuntimeException {
        public NotOffered(String type) {
            super("Jobs of type " + type + " are not offered at the moment (no price is set)");
        }
    }

    /** The job a request key made before, if it did: a look only (concurrent first uses meet in {@link #accept}). */
    @Transactional
    public Optional<JobRecord> earlier(String user, RequestKey key) {
        return jobs.keyed(user, key);
    }
}
