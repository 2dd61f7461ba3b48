package io.lokiz.app;

import io.lokiz.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** A warning that every request could raise reaches the log once a minute, with the count of those held back. */
class QuietLogTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final List<String> lines = new ArrayList<>();
    final Logger logger = Logger.getAnonymousLogger();

    {
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Test
    void saysEachKindOnceAMinuteAndHowManyItHeldBack() {
        var log = new QuietLog(logger, clock);
        for (int i = 0; i < 500; i++) {
            log.warn("user-claim", () -> "no upn");
        }
        log.warn("aud", () -> "wrong audience");
        clock.advance(Duration.ofSeconds(59));
        log.warn("user-claim", () -> "no upn");
        clock.advance(Duration.ofSeconds(1));
        log.warn("user-claim", () -> "no upn");

        assertThat(lines).containsExactly("no upn", "wrong audience", "no upn (500 more like it in the last minute)");
    }
}
