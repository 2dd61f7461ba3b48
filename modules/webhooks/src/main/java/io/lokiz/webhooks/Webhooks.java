package io.lokiz.webhooks;

import io.lokiz.webhooks.control.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * The webhooks module's API: tell the endpoints that want it that something happened. The message
 * is written to the outbox in the caller's transaction, so there is no event without its change
 * and no change without its event; it is sent after the commit, by any node, until each endpoint
 * took it or its retries ran out.
 */
@ApplicationScoped
@Transactional
public class Webhooks {

    /** Every event type an endpoint may ask for. */
    public static final List<String> EVENTS = List.of("job.completed", "job.failed", "job.canceled", "video.deleted", "credits.low",
            "provider.budget_exhausted");

    private final Outbox outbox;

    @Inject
    public Webhooks(Outbox outbox) {
        this.outbox = outbox;
    }

    protected Webhooks() {
        this(null);
    }

    /** Announces an event of {@code type}; {@code data} holds storage keys, never URLs ({@link EventData} makes those). */
    public void publish(String type, JsonObject data) {
        outbox.write("msg_" + UUID.randomUUID().toString().replace("-", ""), type, data);
    }

    /**
     * Announces an event that must be told once however often its cause is seen: {@code key}
     * names it (a job's end, a month's budget), and a second announcement under it is dropped.
     */
    public void publishOnce(String type, String key, JsonObject data) {
        outbox.write("msg_" + UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", ""),
                type, data);
    }
}
