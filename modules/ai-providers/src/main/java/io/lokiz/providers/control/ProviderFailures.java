package io.lokiz.providers.control;

import io.lokiz.providers.Generation;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.util.Optional;

/** What a failed provider call means for the job: wait without losing an attempt, fail the attempt, or refuse the input. */
final class ProviderFailures {

    /** How long a job waits while the provider's breaker is open (its delay) or its bulkhead full. */
    static final Duration BREAKER_WAIT = Duration.ofSeconds(30);
    static final Duration BULKHEAD_WAIT = Duration.ofSeconds(5);

    private ProviderFailures() {
    }

    /** The job should wait and ask again, if that is what the failure means. */
    static Optional<Generation> deferral(RuntimeException e, String provider) {
        if (e instanceof ProviderThrottled throttled) {
            return Optional.of(new Generation.Deferred(throttled.retryAfter(), provider + " asked us to slow down"));
        }
        if (e instanceof CircuitBreakerOpenException) {
            return Optional.of(new Generation.Deferred(BREAKER_WAIT, provider + " failed repeatedly; calls are paused"));
        }
        if (e instanceof BulkheadException) {
            return Optional.of(new Generation.Deferred(BULKHEAD_WAIT, "too many calls to " + provider + " in flight"));
        }
        return Optional.empty();
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
