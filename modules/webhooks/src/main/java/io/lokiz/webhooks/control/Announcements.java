package io.lokiz.webhooks.control;

import io.lokiz.credits.AvailableCreditsFell;
import io.lokiz.jobs.JobEnded;
import io.lokiz.providers.BudgetSpent;
import io.lokiz.webhooks.Webhooks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;

/**
 * What other modules announce, turned into messages in the transaction that announced it (each
 * observer is synchronous): a job's end, available credits falling below the threshold, the
 * month's provider budget spent. Each is told once, under a key naming its cause.
 */
@ApplicationScoped
public class Announcements {

    private final Webhooks webhooks;
    private final WebhookSettings settings;

    @Inject
    public Announcements(Webhooks webhooks, WebhookSettings settings) {
        this.webhooks = webhooks;
        this.settings = settings;
    }

    protected Announcements() {
        this(null, null);
    }

    /** {@code job.completed}, {@code job.failed}, {@code job.canceled}: the job record (keys, no URLs; {@code EventData} shows it). */
    void jobEnded(@Observes JobEnded ended) {
        var job = ended.job();
        String type = "job." + job.state().wire();
        JsonObject record = Json.createReader(new StringReader(job.toJson())).readObject();
        webhooks.publishOnce(type, type + ":" + job.id(), record);
    }

    /** {@code credits.low}: the change that took the account's available credits below the threshold. */
    void creditsFell(@Observes AvailableCreditsFell fell) {
        long threshold = settings.creditsLowThreshold();
        if (threshold <= 0 || fell.after() >= threshold || fell.before() < threshold) {
            return;
        }
        webhooks.publishOnce("credits.low", "credits.low:" + fell.account() + ":" + fell.entryId(), Json.createObjectBuilder()
                .add("user_id", fell.account()).add("available", fell.after()).add("threshold", threshold).build());
    }

    /** {@code provider.budget_exhausted}: once a month, when the generation that spent the budget is recorded. */
    void budgetSpent(@Observes BudgetSpent spent) {
        webhooks.publishOnce("provider.budget_exhausted", "provider.budget_exhausted:" + spent.month(), Json.createObjectBuilder()
                .add("month", spent.month().toString()).add("budget_usd", spent.budgetUsd()).add("spent_usd", spent.spentUsd())
                .add("resets_at", spent.resetsAt().toString()).build());
    }
}
