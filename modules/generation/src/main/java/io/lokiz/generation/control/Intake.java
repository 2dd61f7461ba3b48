package io.lokiz.generation.control;

import io.lokiz.credits.Credits;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.Jobs;
import io.lokiz.kernel.RequestKey;
import io.lokiz.providers.ProviderSpend;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Optional;
import java.util.UUID;

/** Accepts job requests of every type: what they name, the queue's room, the credits and the job, in one transaction. */
@ApplicationScoped
public class Intake {

    private final Jobs jobs;
    private final Credits credits;
    private final VideoProviders providers;
    private final ProviderSpend spend;
    private final GenerationMetrics metrics;

    @Inject
    public Intake(Jobs jobs, Credits credits, VideoProviders providers, ProviderSpend spend, GenerationMetrics metrics) {
        this.jobs = jobs;
        this.credits = credits;
        this.providers = providers;
        this.spend = spend;
        this.metrics = metrics;
    }

    protected Intake() {
        this(null, null, null, null, null);
    }

    /** How the job's credits are referred to in the ledger. */
    public static String creditReference(UUID jobId) {
        return "job:" + jobId;
    }

    /**
     * Makes the job's input from its price, inside the accepting transaction (so that what it
     * reads, such as the user's image, is marked used with the job); refuses with a problem when
     * something the request names is not the user's, and then nothing is written.
     */
    @FunctionalInterface
    public interface InputMaker {
        JobInput input(int price);
    }

    /**
     * The new job of {@code type}; once per request key when there is one: a repeated key answers
     * the job it made first (even when the queue or the credits would now refuse), the same key for
     * a different request is refused with {@link RequestKey.Reused}. The price is held in the
     * transaction that adds the job: there is never a job without its hold, nor a hold without its
     * job. A job type without a price is refused ({@link NotOffered}).
     */
    @Transactional(rollbackOn = InsufficientCredits.class)
    public JobRecord accept(String user, String type, RequestKey key, InputMaker maker) throws InsufficientCredits {
        if (key != null) {
            Optional<JobRecord> earlier = jobs.claimKey(user, key);
            if (earlier.isPresent()) {
                return earlier.get();
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
        JobRecord job = jobs.enqueue(user, type, maker.input(price).json());
        credits.hold(user, price, creditReference(job.id()));
        metrics.credits("held", price);
        if (key != null) {
            jobs.bindKey(user, key, job.id());
        }
        return job;
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
