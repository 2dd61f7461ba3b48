package io.lokiz.credits;

import java.time.Instant;

/** One immutable ledger entry as the API shows it. */
public record Entry(long id, String kind, long amount, long availableDelta, long heldDelta, String reason,
                    String reference, Instant expiresAt, Instant createdAt) {
}
