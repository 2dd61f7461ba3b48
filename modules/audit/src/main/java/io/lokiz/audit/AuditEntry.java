package io.lokiz.audit;

import jakarta.json.JsonObject;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** One admin action as the trail keeps it: never changed, never removed. */
@Schema(name = "AuditEntry")
public record AuditEntry(long id, Instant at,
                         @Schema(description = "Who acted: the subject of the admin's token") String actor,
                         @Schema(description = "What was done, e.g. credits.grant, prices.change, jobs.cancel, webhooks.endpoint.create") String action,
                         @Schema(description = "What it was done to, e.g. account:maria, job:<id>, prices, webhook-endpoint:<id>") String target,
                         @Schema(type = SchemaType.OBJECT, description = "The target's values before the action; absent when the action made it or only read it") JsonObject before,
                         @Schema(type = SchemaType.OBJECT, description = "The target's values after the action; absent when the action removed it or only read it") JsonObject after,
                         @Schema(description = "The request the action came with (X-Request-Id, given or made)") String requestId,
                         @Schema(description = "The request's Idempotency-Key, when it carried one") String idempotencyKey) {
}
