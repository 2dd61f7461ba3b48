package io.lokiz.providers.control;

import io.lokiz.kernel.RateLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * Calls per provider and minute, all nodes together ({@code lokiz.providers.calls-per-minute},
 * counted in PostgreSQL): our own ceiling below the providers' (Replicate allows 600 creations a
 * minute), so that a burst of jobs waits in its rows instead of earning 429s.
 */
@ApplicationScoped
public class ProviderRateLimit {

    private final RateLimits limits;
    private final int perMinute;

    @Inject
    public ProviderRateLimit(RateLimits limits, @ConfigProperty(name = "lokiz.providers.calls-per-minute", defaultValue = "60") int perMinute) {
        this.limits = limits;
        this.perMinute = perMinute;
    }

    protected ProviderRateLimit() {
        this(null, 0);
    }

    /** No limit: for a client used outside the server. */
    public static ProviderRateLimit unlimited() {
        return new ProviderRateLimit(null, 0) {
            @Override
            public Optional<Duration> take(String provider) {
                return Optional.empty();
            }
        };
    }

    /** Counts one call to {@code provider}; answers how long to wait when this minute's calls are used up. */
    public Optional<Duration> take(String provider) {
        return limits.take("provider", provider, perMinute);
    }
}
