package io.lokiz.generation.control;

import io.lokiz.credits.Credits;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.jobs.JobAccounting;
import io.lokiz.jobs.JobRecord;
import io.lokiz.providers.BudgetExhausted;
import io.lokiz.providers.ProviderSpend;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * What jobs cost, for the engine: a retried job's price is held again from its owner as for a new request (its
 * recorded price, the provider's budget), and a job's ledger entries are read for its history.
 */
@ApplicationScoped
public class JobCredits implements JobAccounting {

    private final Credits credits;
    private final VideoProviders providers;
    private final ProviderSpend spend;
    private final JobTypes types;
    private final GenerationMetrics metrics;

    @Inject
    public JobCredits(Credits credits, VideoProviders providers, ProviderSpend spend, JobTypes types, GenerationMetrics metrics) {
        this.credits = credits;
        this.providers = providers;
        this.spend = spend;
        this.types = types;
        this.metrics = metrics;
    }

    protected JobCredits() {
        this(null, null, null, null, null);
    }

    @Override
    public void holdForRetry(JobRecord retry) {
        int price = types.input(retry).orElseThrow(() -> new IllegalStateException("job " + retry.id() + " has no input of its type"))
                .price();
        try {
            if (providers.forType(retry.type()).paid()) {
                spend.requireBudget();
            }
            credits.hold(retry.owner(), price, Intake.creditReference(retry.id()));
        } catch (InsufficientCredits e) {
            throw Problems.insufficientCredits(e);
        } catch (BudgetExhausted e) {
            throw Problems.budgetExhausted(e);
        }
        metrics.credits("held", price);
    }

    @Override
    public List<LedgerEntry> entries(UUID jobId) {
        return credits.ofReference(Intake.creditReference(jobId)).stream()
                .map(e -> new LedgerEntry(e.id(), e.kind(), e.amount(), e.availableDelta(), e.heldDelta(), e.reason(), e.createdAt()))
                .toList();
    }
}
