package io.lokiz.credits;

import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The price list, against a real PostgreSQL with the shipped prices. */
class PricesTest {

    final Credits credits = new Credits(new MutableClock(Instant.parse("2026-11-27T10:00:00Z")), 100, null);

    @BeforeEach
    void database() {
        credits.database = TestDatabase.freshDatabase().dataSource();
    }

    @Test
    void pricesEveryJobTypeOfThePlan() {
        assertThat(credits.price("video_preview")).isEqualTo(10);
        assertThat(credits.price("i2v_template")).isEqualTo(20);
        assertThat(credits.price("frame_capture")).isZero();
    }

    @Test
    void refusesToPriceAnUnknownJobTypeRatherThanMakingItFree() {
        assertThatThrownBy(() -> credits.price("video_preveiw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("video_preveiw");
    }

    @Test
    void changesNoPriceWhenOneOfTheChangesNamesAnUnknownType() {
        assertThat(credits.setPrices(java.util.Map.of("video_preview", 12, "nonsense", 1))).isFalse();

        assertThat(credits.price("video_preview")).isEqualTo(10);
    }
}
