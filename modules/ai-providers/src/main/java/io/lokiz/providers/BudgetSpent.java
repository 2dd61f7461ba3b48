package io.lokiz.providers;

import java.time.Instant;
import java.time.YearMonth;

/**
 * A CDI event: the generation just recorded spent this month's provider budget; paid generations
 * are refused until {@code resetsAt}. Fired once a month, inside the transaction that recorded it.
 */
public record BudgetSpent(YearMonth month, double budgetUsd, double spentUsd, Instant resetsAt) {
}
