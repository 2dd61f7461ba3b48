package io.lokiz.webhooks.control;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

/**
 * Writes messages and their deliveries on the caller's connection, so they commit with the
 * change they tell of. A message is written only when some enabled endpoint wants its type, once
 * per id, with one delivery for each such endpoint, due at once.
 */
@ApplicationScoped
public class Outbox {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;
    private final Event<MessagesWritten> written;

    @Inject
    public Outbox(Clock clock, Event<MessagesWritten> written) {
        this.clock = clock;
        this.written = written;
    }

    protected Outbox() {
        this(null, null);
    }

    /** Writes message {@code id} for every enabled endpoint that wants {@code type}; an id written before is left as it is. */
    public int write(String id, String type, JsonObject data) {
        int deliveries = Jdbc.run(database, "webhook outbox", c -> {
            try (var st = c.prepareStatement("""
                    WITH wanting AS (SELECT id FROM webhook_endpoints WHERE enabled AND ? = ANY (events)),
                         message AS (INSERT INTO webhook_messages (id, type, data, created_at)
                                     SELECT ?, ?, ?::jsonb, ? WHERE EXISTS (SELECT 1 FROM wanting)
                                     ON CONFLICT (id) DO NOTHING RETURNING id)
                    INSERT INTO webhook_deliveries (endpoint_id, message_id, state, due_at, created_at)
                    SELECT wanting.id, message.id, 'pending', ?, ? FROM wanting, message""")) {
                Timestamp now = Timestamp.from(clock.instant());
                st.setString(1, type);
                st.setString(2, id);
                st.setString(3, type);
                st.setString(4, data.toString());
                st.setTimestamp(5, now);
                st.setTimestamp(6, now);
                st.setTimestamp(7, now);
                return st.executeUpdate();
            }
        });
        if (deliveries > 0) {
            written.fire(new MessagesWritten(deliveries));
        }
        return deliveries;
    }

    /**
     * Writes {@code count} {@code webhook.test} messages for one endpoint, whatever it asked for;
     * answers their ids. A count above one is a burst, to see how a receiver takes one.
     */
    public java.util.List<String> test(UUID endpoint, int count, JsonObject data) {
        var ids = new java.util.ArrayList<String>(count);
        Jdbc.run(database, "webhook outbox", c -> {
            Timestamp now = Timestamp.from(clock.instant());
            try (var messages = c.prepareStatement("INSERT INTO webhook_messages (id, type, data, created_at) VALUES (?, 'webhook.test', ?::jsonb, ?)");
                 var deliveries = c.prepareStatement("""
                         INSERT INTO webhook_deliveries (endpoint_id, message_id, state, due_at, created_at) VALUES (?, ?, 'pending', ?, ?)""")) {
                for (int i = 0; i < count; i++) {
                    String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
                    ids.add(id);
                    messages.setString(1, id);
                    messages.setString(2, data.toString());
                    messages.setTimestamp(3, now);
                    messages.addBatch();
                    deliveries.setObject(1, endpoint);
                    deliveries.setString(2, id);
                    deliveries.setTimestamp(3, now);
                    deliveries.setTimestamp(4, now);
                    deliveries.addBatch();
                }
                messages.executeBatch();
                deliveries.executeBatch();
            }
            return null;
        });
        written.fire(new MessagesWritten(count));
        return ids;
    }
}
