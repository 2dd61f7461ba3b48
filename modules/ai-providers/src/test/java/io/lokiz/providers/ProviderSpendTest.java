package io.lokiz.providers;

import io.lokiz.testing.Fired;
import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The month's provider spend against the budget, on a real PostgreSQL. */
class ProviderSpendTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));
    final Fired<BudgetSpent> spent = new Fired<>();
    final ProviderSpend spend = new ProviderSpend(clock, new BigDecimal("1.00"), spent);
    final UUID job = UUID.randomUUID();

    @BeforeEach
    void database() {
        spend.database = TestDatabase.freshDatabase().dataSource();
    }

    @Test
    void sumsTheMonthPerProviderAndCountsARequestOnce() {
        spend.record(job, "replicate", "p1", 0.60);
        spend.record(job, "replicate", "p1", 0.60); // the same request told twice
        spend.record(job, "fal", "r1", 0.075);

        ProviderSpend.Month month = spend.month();

        assertThat(month.month()).isEqualTo(YearMonth.of(2026, 11));
        assertThat(month.byProvider()).containsEntry("replicate", 0.60).containsEntry("fal", 0.075);
        assertThat(month.spentUsd()).isEqualTo(0.675);
        assertThat(month.exhausted()).isFalse();
        assertThat(month.resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void refusesPaidGenerationsOnceTheBudgetIsSpentUntilTheNextMonth() {
        spend.record(job, "replicate", "p1", 0.60);
        spend.requireBudget();
        spend.record(job, "replicate", "p2", 0.40);

        assertThatThrownBy(spend::requireBudget).isInstanceOfSatisfying(BudgetExhausted.class, e -> {
            assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
            assertThat(e.retryAfterSeconds()).isEqualTo(3600);
            assertThat(e.spentUsd()).isEqualTo(1.0);
        });

        assertThat(spent.events()).as("the record that spent the budget says so, once")
                .containsExactly(new BudgetSpent(YearMonth.of(2026, 11), 1.0, 1.0, Instant.parse("2026-12-01T00:00:00Z")));
        spend.record(job, "replicate", "p3", 0.40);
        assertThat(spent.events()).as("spending beyond the budget tells nothing new").hasSize(1);

        clock.advance(Duration.ofHours(2)); // December
        spend.requireBudget();
        assertThat(spend.month().spentUsd()).isZero();
    }
}
