package io.lokiz.webhooks.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The spec's schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, each ±10 %, and what a receiver's Retry-After may change. */
class RetryScheduleTest {

    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void waitsTheSpecsStepsAfterEachFailedAttemptThenGivesUpAfterTheTenth() {
        assertThat(RetrySchedule.ATTEMPTS).isEqualTo(10);
        long[] seconds = {5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400};
        for (int failed = 1; failed <= 9; failed++) {
            assertThat(RetrySchedule.next(failed, NOW, Optional.empty(), 0.5)).as("after attempt %d", failed)
                    .contains(NOW.plusSeconds(seconds[failed - 1]));
        }
        assertThat(RetrySchedule.next(10, NOW, Optional.empty(), 0.5)).isEmpty();
        assertThat(RetrySchedule.next(10, NOW, Optional.of(Duration.ofSeconds(1)), 0.5)).as("a Retry-After adds no attempt").isEmpty();
    }

    @Test
    void spreadsEachWaitByATenthEitherWaySoThatReceiversDownTogetherAreNotHitTogether() {
        assertThat(RetrySchedule.next(2, NOW, Optional.empty(), 0.0)).contains(NOW.plusSeconds(270));
        assertThat(RetrySchedule.next(2, NOW, Optional.empty(), 0.999_999)).hasValueSatisfying(at ->
                assertThat(at).isBetween(NOW.plusSeconds(329), NOW.plusSeconds(330)));
    }

    @Test
    void waitsWhatRetryAfterAsksBetweenASecondAndADay() {
        assertThat(RetrySchedule.next(1, NOW, Optional.of(Duration.ofSeconds(42)), 0.9)).contains(NOW.plusSeconds(42));
        assertThat(RetrySchedule.next(1, NOW, Optional.of(Duration.ZERO), 0.9)).contains(NOW.plusSeconds(1));
        assertThat(RetrySchedule.next(1, NOW, Optional.of(Duration.ofDays(9)), 0.9)).contains(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDateAndIgnoresAnythingElse() {
        assertThat(RetrySchedule.retryAfter(" 120 ", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetrySchedule.retryAfter("Thu, 03 Dec 2026 10:02:00 GMT", NOW)).contains(Duration.ofMinutes(2));
        assertThat(RetrySchedule.retryAfter("Thu, 03 Dec 2026 09:00:00 GMT", NOW)).as("a date past").contains(Duration.ZERO);
        assertThat(RetrySchedule.retryAfter("soon", NOW)).isEmpty();
        assertThat(RetrySchedule.retryAfter("-5", NOW)).isEmpty();
        assertThat(RetrySchedule.retryAfter("99999999999", NOW)).as("past nine digits").isEmpty();
    }
}
