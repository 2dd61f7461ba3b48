package io.lokiz.providers;

import java.time.Instant;

/** This month's provider budget is spent: no new paid generation starts until {@code resetsAt}. */
public class BudgetExhausted extends RuntimeException {

    private final double budgetUsd;
    private final double spentUsd;
    private final Instant resetsAt;
    private final long retryAfterSeconds;

    public BudgetExhausted(double budgetUsd, double spentUsd, Instant resetsAt, long retryAfterSeconds) {
        super(String.format(java.util.Locale.ROOT, "this month's AI provider budget of $%.2f is spent ($%.2f); paid generations resume %s",
                budgetUsd, spentUsd, resetsAt));
        this.budgetUsd = budgetUsd;
        this.spentUsd = spentUsd;
        this.resetsAt = resetsAt;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until {@link #resetsAt()}, at least one. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public double budgetUsd() {
        return budgetUsd;
    }

    public double spentUsd() {
        return spentUsd;
    }

    public Instant resetsAt() {
        return resetsAt;
    }
}
