package io.lokiz.providers.control;

import io.lokiz.providers.Generation;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.util.Optional;

/** What a failed provider call means for the job: wait without losing an attempt, fail the attempt, or refuse the input. */
final class ProviderFailures {

    /** How long a job waits while a provider's bulkhead is full. */
    static final Duration BULKHEAD_WAIT = Duration.ofSeconds(5);

    private ProviderFailures() {
    }

    /** The job should wait and ask again, if that is what the failure means. */
    static Optional<Generation> deferral(RuntimeException e, String provider) {
        if (e instanceof ProviderThrottled throttled) {
            return Optional.of(new Generation.Deferred(throttled.retryAfter(), provider + " asked us to slow down"));
        }
        if (e instanceof CircuitBreakerOpenException) {
            return Optional.of(new Generation.Deferred(breakerWait(), provider + " failed repeatedly; calls are paused"));
        }
        if (e instanceof BulkheadException) {
            return Optional.of(new Generation.Deferred(BULKHEAD_WAIT, "too many calls to " + provider + " in flight"));
        }
        return Optional.empty();
    }

    /**
     * How long a job waits while a provider's breaker is open: the breaker's own delay
     * ({@code lokiz.providers.breaker-wait-seconds}, 30 s as the breakers' annotations say), after
     * which one call tries whether the provider is back.
     */
    static Duration breakerWait() {
        return Duration.ofSeconds(ConfigProvider.getConfig().getOptionalValue("lokiz.providers.breaker-wait-seconds", Long.class).orElse(30L));
    }

    /** What a submission that failed with {@code e} means, in words fit to show a user (REQ-UW-002). */
    static Generation ofSubmission(RuntimeException e, String provider) {
        return deferral(e, provider).orElseGet(() -> {
            if (e instanceof ProviderRefused refused) {
                return refused.inputRefused() ? new Generation.Refused(provider + " cannot make this: " + refused.detail())
                        : new Generation.Failed(provider + " refused the request: " + refused.detail());
            }
            return new Generation.Failed(provider + " could not be reached");
        });
    }
}
