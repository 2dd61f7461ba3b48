package io.lokiz.jobs;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What jobs cost, as the module that charges for them keeps it (the engine knows no price): one bean implements it.
 * The engine asks it when an admin makes a job again, and for a job's history.
 */
public interface JobAccounting {

    /**
     * Reserves what {@code retry} costs its owner, in the transaction that adds it, as for a new request of its type;
     * refuses with the client's problem (a {@code WebApplicationException}: no credits, no budget) and then nothing stays.
     */
    void holdForRetry(JobRecord retry);

    /** The job's ledger entries, oldest first: what was held, and whether it was charged or released. */
    List<LedgerEntry> entries(UUID jobId);

    /** One ledger entry of a job: its hold, its charge or its release. */
    @Schema(name = "JobLedgerEntry")
    record LedgerEntry(long id, String kind, long amount, long availableDelta, long heldDelta, String reason, Instant createdAt) {
    }
}
