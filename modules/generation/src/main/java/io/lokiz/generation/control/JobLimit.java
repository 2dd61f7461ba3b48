package io.lokiz.generation.control;

import io.lokiz.kernel.RateLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The spec's limit on new jobs per user and minute, for every job-creating endpoint ({@code lokiz.rate-limit.jobs-per-minute}). */
@ApplicationScoped
public class JobLimit {

    private final RateLimits limits;
    private final int perMinute;

    @Inject
    public JobLimit(RateLimits limits, @ConfigProperty(name = "lokiz.rate-limit.jobs-per-minute", defaultValue = "60") int perMinute) {
        this.limits = limits;
        this.perMinute = perMinute;
    }

    protected JobLimit() {
        this(null, 0);
    }

    /** Counts one new-job request of {@code user}; over the limit it is a 429 with {@code Retry-After}. */
    public void admit(String user) {
        limits.enforce("jobs", user, perMinute, "new jobs");
    }
}
