package io.lokiz.generation.control;

import io.lokiz.credits.InsufficientCredits;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobRefused;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RequestKey;
import io.lokiz.providers.BudgetExhausted;
import jakarta.ws.rs.WebApplicationException;

import java.util.Map;

/** The problems of accepting jobs; each {@code type} is stable for clients to match on. */
final class Problems {

    private Problems() {
    }

    static WebApplicationException insufficientCredits(InsufficientCredits e) {
        return Problem.of(402, "insufficient-credits", "Insufficient credits",
                "This job costs " + e.price() + " credits and " + e.available() + " are available",
                Map.of("price", e.price(), "available", e.available()));
    }

    /** Accepting a job; may find it cannot pay. */
    @FunctionalInterface
    interface Acceptance {
        JobRecord accept() throws InsufficientCredits;
    }

    /** The accepted job, or the problem accepting it met: the same answers for every job type. */
    static JobRecord accepted(Acceptance acceptance) {
        try {
            return acceptance.accept();
        } catch (RequestKey.Reused e) {
            throw e.problem();
        } catch (InsufficientCredits e) {
            throw insufficientCredits(e);
        } catch (JobRefused e) { // the queue full, the job type paused
            throw e.problem();
        } catch (Intake.NotOffered e) {
            throw notOffered(e);
        } catch (BudgetExhausted e) {
            throw budgetExhausted(e);
        }
    }

    /** Paid generations wait for next month's budget; nothing was reserved or charged. */
    static WebApplicationException budgetExhausted(BudgetExhausted e) {
        return new WebApplicationException(e.getMessage(), Problem.response(503, "provider-budget-exhausted", "Provider budget exhausted",
                        "This month's budget for AI generation is spent; new jobs of this kind are accepted again from "
                                + e.resetsAt() + ". Nothing was charged.",
                        Map.of("resetsAt", e.resetsAt().toString(), "budgetUsd", e.budgetUsd(), "spentUsd", e.spentUsd()))
                .header("Retry-After", e.retryAfterSeconds()).build());
    }

    private static WebApplicationException notOffered(Intake.NotOffered e) {
        return Problem.of(503, "job-type-not-offered", "Job type not offered", e.getMessage());
    }

}
