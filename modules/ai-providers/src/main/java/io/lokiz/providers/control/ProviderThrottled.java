package io.lokiz.providers.control;

import java.time.Duration;

/**
 * The provider said 429: too many requests. Asking again before {@link #retryAfter()} is
 * pointless, so the job waits that long in its row (no thread waits) and loses no attempt.
 */
public class ProviderThrottled extends RuntimeException {

    private final Duration retryAfter;

    public ProviderThrottled(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
