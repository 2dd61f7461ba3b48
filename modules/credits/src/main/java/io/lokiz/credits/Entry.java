package io.lokiz.credits;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** One immutable ledger entry as the API shows it. */
@Schema(name = "CreditEntry")
public record Entry(long id, String kind, long amount, long availableDelta, long heldDelta, String reason,
                    String reference, Instant expiresAt, Instant createdAt) {
}
