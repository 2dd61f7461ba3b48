package io.lokiz.generation.control;

import io.lokiz.assets.Image;
import io.lokiz.assets.Images;
import io.lokiz.credits.Credits;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.Jobs;
import io.lokiz.kernel.RequestKey;
import io.lokiz.media.FrameSize;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Optional;
import java.util.UUID;

/** Accepts image-to-video requests: the image, the queue's room, the credits and the job, in one transaction. */
@ApplicationScoped
public class PreviewIntake {

    private final Jobs jobs;
    private final Images images;
    private final Credits credits;
    private final VideoProviders providers;

    @Inject
    public PreviewIntake(Jobs jobs, Images images, Credits credits, VideoProviders providers) {
        this.jobs = jobs;
        this.images = images;
        this.credits = credits;
        this.providers = providers;
    }

    protected PreviewIntake() {
        this(null, null, null, null);
    }

    /** How the job's credits are referred to in the ledger. */
    public static String creditReference(UUID jobId) {
        return "job:" + jobId;
    }

    /**
     * The new job, or empty when the user has no image with that id; once per request key when
     * there is one: a repeated key answers the job it made first (even when the queue or the
     * credits would now refuse), the same key for a different request is refused with
     * {@link RequestKey.Reused}. The price is held in the transaction that adds the job: there is
     * never a job without its hold, nor a hold without its job.
     */
    @Transactional(rollbackOn = InsufficientCredits.class)
    public Optional<JobRecord> accept(String user, UUID imageId, VideoSettings settings, RequestKey key) throws InsufficientCredits {
        if (key != null) {
            Optional<JobRecord> earlier = jobs.claimKey(user, key);
            if (earlier.isPresent()) {
                return earlier;
            }
        }
        jobs.admit();
        Optional<Image> image = images.use(imageId, user);
        if (image.isEmpty()) {
            return Optional.empty();
        }
        int price = credits.price(VideoPreview.TYPE);
        FrameSize frame = FrameSize.forImage(settings.shortSide(), image.get().width(), image.get().height());
        var input = new PreviewInput(imageId, image.get().storageKey(), settings, frame, providers.current().name(), price);
        JobRecord job = jobs.enqueue(user, VideoPreview.TYPE, input.json());
        credits.hold(user, price, creditReference(job.id()));
        if (key != null) {
            jobs.bindKey(user, key, job.id());
        }
        return Optional.of(job);
    }

    /** The job a request key made before, if it did: a look only (concurrent first uses meet in {@link #accept}). */
    @Transactional
    public Optional<JobRecord> earlier(String user, RequestKey key) {
        return jobs.keyed(user, key);
    }
}
