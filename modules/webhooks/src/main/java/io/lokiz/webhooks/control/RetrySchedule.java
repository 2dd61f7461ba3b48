package io.lokiz.webhooks.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * When a message is tried again: Standard Webhooks' schedule (at once, then 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after each failure: ten attempts over about three days),
 * each wait stretched or shrunk by up to a tenth so that the retries of a burst do not all come
 * back at one instant. A receiver that answers 429 or 503 with {@code Retry-After} is asked again
 * when it said, within the same ten attempts.
 */
public final class RetrySchedule {

    /** The wait before each attempt after the first, in order. */
    static final List<Duration> WAITS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    /** Attempts a message gets before it is given up. */
    public static final int ATTEMPTS = WAITS.size() + 1;

    private static final Duration LONGEST = Duration.ofHours(24);

    private RetrySchedule() {
    }

    /**
     * When the next attempt is due after {@code attempts} failed ones, the last at {@code now};
     * empty when that was the last. {@code random} in [0, 1) places the jitter.
     */
    public static Optional<Instant> next(int attempts, Instant now, Optional<Duration> retryAfter, double random) {
        if (attempts >= ATTEMPTS) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return Optional.of(now.plus(asked.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                    : asked.compareTo(LONGEST) > 0 ? LONGEST : asked));
        }
        Duration wait = WAITS.get(attempts - 1);
        long millis = Math.round(wait.toMillis() * (0.9 + 0.2 * random));
        return Optional.of(now.plusMillis(millis));
    }

    /** A {@code Retry-After} value (seconds, or an HTTP date) as a wait from {@code now}; empty when it is neither. */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.trim();
        if (v.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
