package io.lokiz.providers;

import io.lokiz.kernel.Jdbc;
import io.lokiz.providers.control.SpendTable;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * What the providers cost us ({@code provider_spend}), and the monthly budget that stops new paid
 * generations once it is spent ({@code lokiz.providers.monthly-budget-usd}, the spec's cost
 * estimate of $750). A call's cost is recorded when the provider accepts it, at the configured
 * price of what was asked: conservative, since a failed generation may be billed too.
 */
@ApplicationScoped
public class ProviderSpend {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final SpendTable table = new SpendTable();
    private final Clock clock;
    private final BigDecimal budget;
    private final Event<BudgetSpent> spent;

    @Inject
    public ProviderSpend(Clock clock, @ConfigProperty(name = "lokiz.providers.monthly-budget-usd", defaultValue = "750") BigDecimal budget,
                         Event<BudgetSpent> spent) {
        this.clock = clock;
        this.budget = budget;
        this.spent = spent;
    }

    protected ProviderSpend() {
        this(null, BigDecimal.ZERO, null);
    }

    /** A month's spend: in all and per provider, against the budget, and when the next month starts (UTC). */
    @Schema(name = "ProviderSpendMonth")
    public record Month(@Schema(type = SchemaType.STRING, example = "2026-12") YearMonth month, double budgetUsd, double spentUsd, Map<String, Double> byProvider, Instant resetsAt) {

        public boolean exhausted() {
            return spentUsd >= budgetUsd;
        }
    }

    /**
     * Records what request {@code requestId} of job {@code jobId} costs; recording the same request
     * again changes nothing. The record that spends the month's budget announces {@link BudgetSpent}.
     */
    @Transactional
    public void record(UUID jobId, String provider, String requestId, double usd) {
        YearMonth month = YearMonth.from(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        boolean crossed = Jdbc.run(database, "provider spend", c -> {
            table.lock(c, month);
            if (!table.record(c, jobId, provider, requestId, usd, month, clock.instant())) {
                return false;
            }
            // in the table's own decimals: in doubles, 1.40 - 0.40 is less than 1.00
            BigDecimal after = table.byProvider(c, month).values().stream().map(BigDecimal::valueOf).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal before = after.subtract(BigDecimal.valueOf(usd).setScale(4, java.math.RoundingMode.HALF_UP));
            return after.compareTo(budget) >= 0 && before.compareTo(budget) < 0;
        });
        if (crossed) {
            Month now = month();
            spent.fire(new BudgetSpent(now.month(), now.budgetUsd(), now.spentUsd(), now.resetsAt()));
        }
    }

    /** This month's spend. */
    @Transactional
    public Month month() {
        YearMonth month = YearMonth.from(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        Map<String, Double> byProvider = Jdbc.run(database, "provider spend", c -> table.byProvider(c, month));
        double spent = byProvider.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Month(month, budget.doubleValue(), Math.round(spent * 10_000) / 10_000.0, byProvider,
                month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /** Throws {@link BudgetExhausted} when this month's budget is spent. */
    public void requireBudget() {
        Month now = month();
        if (now.exhausted()) {
            throw new BudgetExhausted(now.budgetUsd(), now.spentUsd(), now.resetsAt(),
                    Math.max(1, java.time.Duration.between(clock.instant(), now.resetsAt()).toSeconds()));
        }
    }
}
