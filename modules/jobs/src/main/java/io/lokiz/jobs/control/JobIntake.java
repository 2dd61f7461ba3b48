package io.lokiz.jobs.control;

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

    private final JobQueue queue;
    private final VideoProviders providers;
    private final Clock clock;

    @Inject
    public JobIntake(JobQueue queue, VideoProviders providers, Clock clock) {
        this.queue = queue;
        this.providers = providers;
        this.clock = clock;
    }

    protected JobIntake() {
        this(null, null, null);
    }

    /** The new job, or empty when the user has no image with that id. */
    @Transactional
    public Optional<JobView> accept(String user, UUID imageId, VideoSettings settings) {
        if (queue.image(imageId).filter(image -> image.isOwnedBy(user)).isEmpty()) {
            return Optional.empty();
        }
        var job = new Job(UUID.randomUUID(), user, imageId, settings, providers.current().name(), clock.instant());
        return Optional.of(queue.enqueue(job));
    }
}
