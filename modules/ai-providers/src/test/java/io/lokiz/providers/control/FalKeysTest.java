package io.lokiz.providers.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FalKeysTest {

    @Test
    void waitsLongerAfterEachFailedFetchUpToAnHour() {
        assertThat(FalKeys.retryAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(FalKeys.retryAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(FalKeys.retryAfter(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(FalKeys.retryAfter(8)).isEqualTo(Duration.ofHours(1));
        assertThat(FalKeys.retryAfter(1_000)).isEqualTo(Duration.ofHours(1));
    }
}
