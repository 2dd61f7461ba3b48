package io.lokiz.webhooks.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * How one attempt went: the receiver's status (empty when it never answered), how long it took,
 * the first KB of its answer or why there was none, and the wait it asked for with {@code Retry-After}.
 */
public record Outcome(Claimed delivery, Instant at, Optional<Integer> status, long latencyMillis, String answer,
                      Optional<Duration> retryAfter) {

    public boolean delivered() {
        return status.filter(s -> s >= 200 && s < 300).isPresent();
    }

    /** {@code 410 Gone}: the receiver says the endpoint is no more. */
    public boolean gone() {
        return status.filter(s -> s == 410).isPresent();
    }
}
