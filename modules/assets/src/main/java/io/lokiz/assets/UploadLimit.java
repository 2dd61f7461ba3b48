package io.lokiz.assets;

import io.lokiz.kernel.RateLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one door every upload goes through, whatever comes in (images, imports, videos, captured
 * frames): each costs a decode and disk, refused or not ({@code lokiz.rate-limit.uploads-per-minute}).
 */
@ApplicationScoped
public class UploadLimit {

    private final RateLimits limits;
    private final int perMinute;

    @Inject
    public UploadLimit(RateLimits limits, @ConfigProperty(name = "lokiz.rate-limit.uploads-per-minute", defaultValue = "30") int perMinute) {
        this.limits = limits;
        this.perMinute = perMinute;
    }

    protected UploadLimit() {
        this(null, 0);
    }

    /** Counts one upload of {@code owner}; over the limit it is a 429 with {@code Retry-After}. */
    public void admit(String owner) {
        limits.enforce("uploads", owner, perMinute, "uploads, imports and frame captures");
    }
}
