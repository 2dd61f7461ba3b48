package io.lokiz.webhooks.control;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint as stored: where messages go, which types it wants, whether it is sent to (and if
 * not, why and since when), and the secrets that sign for it: the current one, and until
 * {@code previousUntil} the one it replaced.
 */
public record Endpoint(UUID id, String url, String description, List<String> events, boolean enabled, String disabledReason,
                       Instant disabledAt, Instant failingSince, String secret, String previousSecret, Instant previousUntil,
                       Instant createdAt, Instant updatedAt) {
}
