package io.lokiz.webhooks.control;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The deliveries' life in {@code webhook_deliveries}: leased by whichever node claims them first
 * ({@code SKIP LOCKED}), their attempts recorded in batches, retried on the schedule, given up,
 * replayed; and what a failure means for its endpoint.
 */
@ApplicationScoped
@Transactional
public class Deliveries {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;
    private final WebhookSettings settings;

    @Inject
    public Deliveries(Clock clock, WebhookSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    protected Deliveries() {
        this(null, null);
    }

    /**
     * Leases up to {@code limit} due deliveries of enabled endpoints, at most {@code perEndpoint}
     * of any one and none of {@code busy} (endpoints this node has enough in flight to), the
     * longest due first.
     */
    public List<Claimed> claim(int limit, int perEndpoint, Collection<UUID> busy) {
        Instant now = clock.instant();
        return run(c -> {
            try (var st = c.prepareStatement("""
                    WITH ranked AS (
                        SELECT d.endpoint_id, d.message_id,
                               row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.due_at) AS place
                        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                        WHERE d.state = 'pending' AND d.due_at <= ? AND e.enabled AND NOT (d.endpoint_id = ANY (?))),
                    due AS (
                        SELECT d.endpoint_id, d.message_id FROM webhook_deliveries d
                        JOIN ranked r ON r.endpoint_id = d.endpoint_id AND r.message_id = d.message_id
                        WHERE r.place <= ? AND d.state = 'pending' AND d.due_at <= ?
                        ORDER BY d.due_at LIMIT ? FOR UPDATE OF d SKIP LOCKED)
                    UPDATE webhook_deliveries d SET due_at = ?
                    FROM due, webhook_messages m, webhook_endpoints e
                    WHERE d.endpoint_id = due.endpoint_id AND d.message_id = due.message_id
                      AND m.id = d.message_id AND e.id = d.endpoint_id
                    RETURNING d.endpoint_id, d.message_id, d.attempts, m.type, m.data::text, m.created_at, e.url,
                              e.secret, e.previous_secret, e.previous_until""")) {
                Timestamp at = Timestamp.from(now);
                st.setTimestamp(1, at);
                st.setArray(2, c.createArrayOf("uuid", busy.toArray()));
                st.setInt(3, perEndpoint);
                st.setTimestamp(4, at);
                st.setInt(5, limit);
                st.setTimestamp(6, Timestamp.from(now.plus(settings.lease())));
                List<Claimed> claimed = new ArrayList<>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        Instant previousUntil = Endpoints.instant(rs, 10);
                        List<String> secrets = rs.getString(9) != null && previousUntil != null && now.isBefore(previousUntil)
                                ? List.of(rs.getString(8), rs.getString(9)) : List.of(rs.getString(8));
                        claimed.add(new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                Endpoints.instant(rs, 6), rs.getString(7), secrets));
                    }
                }
                return claimed;
            }
        });
    }

    /**
     * Records attempts in one transaction: each delivery delivered, due again on the schedule, or
     * given up; an endpoint that answered 410 or failed without a success for too long disabled.
     */
    public void record(List<Outcome> outcomes) {
        run(c -> {
            try (var attempts = c.prepareStatement("""
                    INSERT INTO webhook_attempts (endpoint_id, message_id, at, status, latency_ms, answer) VALUES (?, ?, ?, ?, ?, ?)""");
                 var deliveries = c.prepareStatement("""
                         UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, due_at = ?, last_status = ?, last_at = ?
                         WHERE endpoint_id = ? AND message_id = ? AND state = 'pending'""")) {
                Map<UUID, Outcome> lastOfEndpoint = new LinkedHashMap<>();
                for (Outcome o : outcomes) {
                    Claimed d = o.delivery();
                    Timestamp at = Timestamp.from(o.at());
                    attempts.setObject(1, d.endpoint());
                    attempts.setString(2, d.message());
                    attempts.setTimestamp(3, at);
                    status(attempts, 4, o.status());
                    attempts.setInt(5, (int) Math.min(Integer.MAX_VALUE, o.latencyMillis()));
                    attempts.setString(6, o.answer());
                    attempts.addBatch();

                    Optional<Instant> next = o.delivered() || o.gone() ? Optional.empty()
                            : RetrySchedule.next(d.attempts() + 1, o.at(), o.retryAfter(), ThreadLocalRandom.current().nextDouble());
                    deliveries.setString(1, o.delivered() ? "delivered" : next.isPresent() ? "pending" : "failed");
                    deliveries.setTimestamp(2, next.map(Timestamp::from).orElse(at));
                    status(deliveries, 3, o.status());
                    deliveries.setTimestamp(4, at);
                    deliveries.setObject(5, d.endpoint());
                    deliveries.setString(6, d.message());
                    deliveries.addBatch();
                    lastOfEndpoint.put(d.endpoint(), o);
                }
                deliveries.executeBatch();
                attempts.executeBatch();
                for (Outcome o : lastOfEndpoint.values()) {
                    health(c, o);
                }
            }
            return null;
        });
    }

    /** What the endpoint's latest attempt says of it: well again, failing since when, gone, or failing too long. */
    private void health(Connection c, Outcome o) throws SQLException {
        Timestamp at = Timestamp.from(o.at());
        UUID endpoint = o.delivery().endpoint();
        if (o.delivered()) {
            try (var st = c.prepareStatement("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL")) {
                st.setObject(1, endpoint);
                st.executeUpdate();
            }
            return;
        }
        try (var st = c.prepareStatement("""
                UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, ?),
                       enabled = false, disabled_at = ?, updated_at = ?,
                       disabled_reason = CASE WHEN ? THEN 'answered 410 Gone'
                                              ELSE 'failed every attempt since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END
                WHERE id = ? AND enabled AND (? OR failing_since <= ?)""")) {
            st.setTimestamp(1, at);
            st.setTimestamp(2, at);
            st.setTimestamp(3, at);
            st.setBoolean(4, o.gone());
            st.setObject(5, endpoint);
            st.setBoolean(6, o.gone());
            st.setTimestamp(7, Timestamp.from(o.at().minus(settings.disableAfter())));
            if (st.executeUpdate() == 1) {
                return;
            }
        }
        try (var st = c.prepareStatement("UPDATE webhook_endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL")) {
            st.setTimestamp(1, at);
            st.setObject(2, endpoint);
            st.executeUpdate();
        }
    }

    private static void status(java.sql.PreparedStatement st, int index, Optional<Integer> status) throws SQLException {
        if (status.isPresent()) {
            st.setInt(index, status.get());
        } else {
            st.setNull(index, Types.INTEGER);
        }
    }

    /** One attempt as the log shows it. */
    @Schema(name = "WebhookAttempt", description = "status absent when no answer came (refused, timed out); answer: its first 1 KB, or why none came")
    public record Attempt(Instant at, Integer status, long latencyMillis, String answer) {
    }

    /** One message to one endpoint with every attempt so far. */
    @Schema(name = "WebhookDelivery", description = "state: pending (nextAttemptAt says when), delivered or failed (every attempt spent)")
    public record Logged(String messageId, String type, Instant createdAt, String state, Instant nextAttemptAt, List<Attempt> attempts) {
    }

    /** A page of the endpoint's deliveries, newest first, after {@code before} ({@code createdAt|messageId} of the last one seen). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Logged> log(UUID endpoint, String state, Instant beforeAt, String beforeId, int limit) {
        return run(c -> {
            Map<String, Logged> page = new LinkedHashMap<>();
            try (var st = c.prepareStatement("""
                    SELECT d.message_id, m.type, d.created_at, d.state, d.due_at FROM webhook_deliveries d
                    JOIN webhook_messages m ON m.id = d.message_id
                    WHERE d.endpoint_id = ? AND (?::text IS NULL OR d.state = ?)
                      AND (?::timestamptz IS NULL OR (d.created_at, d.message_id) < (?, ?))
                    ORDER BY d.created_at DESC, d.message_id DESC LIMIT ?""")) {
                st.setObject(1, endpoint);
                st.setString(2, state);
                st.setString(3, state);
                Timestamp before = beforeAt == null ? null : Timestamp.from(beforeAt);
                st.setTimestamp(4, before);
                st.setTimestamp(5, before);
                st.setString(6, beforeId == null ? "" : beforeId);
                st.setInt(7, limit);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        String s = rs.getString(4);
                        page.put(rs.getString(1), new Logged(rs.getString(1), rs.getString(2), Endpoints.instant(rs, 3), s,
                                s.equals("pending") ? Endpoints.instant(rs, 5) : null, new ArrayList<>()));
                    }
                }
            }
            try (var st = c.prepareStatement("""
                    SELECT message_id, at, status, latency_ms, answer FROM webhook_attempts
                    WHERE endpoint_id = ? AND message_id = ANY (?) ORDER BY at, id""")) {
                st.setObject(1, endpoint);
                st.setArray(2, c.createArrayOf("text", page.keySet().toArray()));
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        Integer status = rs.getObject(3, Integer.class);
                        page.get(rs.getString(1)).attempts().add(new Attempt(Endpoints.instant(rs, 2), status, rs.getInt(4), rs.getString(5)));
                    }
                }
            }
            return List.copyOf(page.values());
        });
    }

    /** Sends one message to the endpoint again, at once, with a fresh round of attempts; false when it never had it. */
    public boolean replay(UUID endpoint, String message) {
        return run(c -> {
            try (var st = c.prepareStatement("""
                    UPDATE webhook_deliveries SET state = 'pending', attempts = 0, due_at = ? WHERE endpoint_id = ? AND message_id = ?""")) {
                st.setTimestamp(1, Timestamp.from(clock.instant()));
                st.setObject(2, endpoint);
                st.setString(3, message);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Sends again every message to the endpoint that was given up since {@code since}; answers how many. */
    public int replayFailed(UUID endpoint, Instant since) {
        return run(c -> {
            try (var st = c.prepareStatement("""
                    UPDATE webhook_deliveries SET state = 'pending', attempts = 0, due_at = ?
                    WHERE endpoint_id = ? AND state = 'failed' AND created_at >= ?""")) {
                st.setTimestamp(1, Timestamp.from(clock.instant()));
                st.setObject(2, endpoint);
                st.setTimestamp(3, Timestamp.from(since));
                return st.executeUpdate();
            }
        });
    }

    /** Housekeeping: forgets messages (with their deliveries and log) older than the retention period. */
    public int forgetOld() {
        return run(c -> {
            try (var st = c.prepareStatement("""
                    DELETE FROM webhook_messages WHERE id IN (SELECT id FROM webhook_messages WHERE created_at < ? ORDER BY created_at LIMIT 5000)""")) {
                st.setTimestamp(1, Timestamp.from(clock.instant().minus(settings.keep())));
                return st.executeUpdate();
            }
        });
    }

    private <T> T run(Jdbc.Work<T, RuntimeException> work) {
        return Jdbc.run(database, "webhook deliveries", work);
    }
}
