package io.lokiz.webhooks.boundary;

import io.lokiz.webhooks.control.Endpoint;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint as admins see it. {@code secret} only in the answers that make one (creation,
 * rotation): it is never shown again. {@code disabledReason}/{@code disabledAt} say why and since
 * when nothing is sent to it ({@code 410 Gone}, failing too long, an admin); {@code failingSince}
 * the first failure since its last success; {@code previousSecretExpiresAt} until when the secret
 * it replaced signs too.
 */
@Schema(name = "WebhookEndpoint", requiredProperties = {"id", "url", "description", "events", "enabled", "createdAt", "updatedAt"})
public record EndpointView(UUID id, String url, String description, List<String> events, boolean enabled, String disabledReason,
                           Instant disabledAt, Instant failingSince,
                           @Schema(description = "Only in the answers of creation and rotation; never again") String secret,
                           Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt) {

    static EndpointView of(Endpoint e, boolean withSecret) {
        return new EndpointView(e.id(), e.url(), e.description(), e.events(), e.enabled(), e.disabledReason(), e.disabledAt(),
                e.failingSince(), withSecret ? e.secret() : null, e.previousSecret() == null ? null : e.previousUntil(),
                e.createdAt(), e.updatedAt());
    }
}
