package io.lokiz.webhooks.control;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The endpoints admins keep ({@code webhook_endpoints}). */
@ApplicationScoped
@Transactional
public class Endpoints {

    /** Both secrets sign this long after a rotation, so receivers can switch without losing a message. */
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, url, description, events, enabled, disabled_reason, disabled_at, failing_since, secret, "
            + "previous_secret, previous_until, created_at, updated_at";

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;

    @Inject
    public Endpoints(Clock clock) {
        this.clock = clock;
    }

    protected Endpoints() {
        this(null);
    }

    /** A new secret: {@code whsec_} and the base64 of 32 random bytes, as Standard Webhooks asks. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public Endpoint create(String url, String description, List<String> events) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        return run(c -> {
            try (var st = c.prepareStatement("INSERT INTO webhook_endpoints (" + COLUMNS + ") VALUES (?, ?, ?, ?, true, NULL, NULL, NULL, ?, NULL, NULL, ?, ?)")) {
                st.setObject(1, id);
                st.setString(2, url);
                st.setString(3, description);
                st.setArray(4, c.createArrayOf("text", events.toArray()));
                st.setString(5, newSecret());
                st.setTimestamp(6, Timestamp.from(now));
                st.setTimestamp(7, Timestamp.from(now));
                st.executeUpdate();
            }
            return find(c, id).orElseThrow();
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Endpoint> list() {
        return run(c -> {
            try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_endpoints ORDER BY created_at, id")) {
                return read(st.executeQuery());
            }
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Endpoint> find(UUID id) {
        return run(c -> find(c, id));
    }

    /** The endpoint, locked until the transaction ends: what an admin's change replaces. */
    public Optional<Endpoint> locked(UUID id) {
        return run(c -> {
            try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = ? FOR UPDATE")) {
                st.setObject(1, id);
                return read(st.executeQuery()).stream().findFirst();
            }
        });
    }

    /**
     * Changes what is given (null stays as it is). Enabling an endpoint forgets why it was
     * disabled and its failures: it starts afresh, and what waited for it is sent.
     */
    public Optional<Endpoint> update(UUID id, String url, String description, List<String> events, Boolean enabled) {
        return run(c -> {
            try (var st = c.prepareStatement("""
                    UPDATE webhook_endpoints SET url = coalesce(?, url), description = coalesce(?, description),
                           events = coalesce(?::text[], events), updated_at = ?,
                           enabled = coalesce(?, enabled),
                           disabled_reason = CASE WHEN ? THEN NULL WHEN ? AND enabled THEN 'disabled by an admin' ELSE disabled_reason END,
                           disabled_at = CASE WHEN ? THEN NULL WHEN ? AND enabled THEN ? ELSE disabled_at END,
                           failing_since = CASE WHEN ? THEN NULL ELSE failing_since END
                    WHERE id = ?""")) {
                Timestamp now = Timestamp.from(clock.instant());
                boolean enabling = Boolean.TRUE.equals(enabled);
                boolean disabling = Boolean.FALSE.equals(enabled);
                st.setString(1, url);
                st.setString(2, description);
                if (events == null) {
                    st.setNull(3, java.sql.Types.ARRAY);
                } else {
                    st.setArray(3, c.createArrayOf("text", events.toArray()));
                }
                st.setTimestamp(4, now);
                st.setObject(5, enabled, java.sql.Types.BOOLEAN);
                st.setBoolean(6, enabling);
                st.setBoolean(7, disabling);
                st.setBoolean(8, enabling);
                st.setBoolean(9, disabling);
                st.setTimestamp(10, now);
                st.setBoolean(11, enabling);
                st.setObject(12, id);
                if (st.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return find(c, id);
        });
    }

    /** Removes the endpoint with its deliveries and their log. */
    public boolean delete(UUID id) {
        return run(c -> {
            try (var st = c.prepareStatement("DELETE FROM webhook_endpoints WHERE id = ?")) {
                st.setObject(1, id);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** A new secret signs from now on; the one it replaces signs too for {@link #ROTATION_OVERLAP}. */
    public Optional<Endpoint> rotate(UUID id) {
        return run(c -> {
            try (var st = c.prepareStatement("""
                    UPDATE webhook_endpoints SET previous_secret = secret, previous_until = ?, secret = ?, updated_at = ? WHERE id = ?""")) {
                Instant now = clock.instant();
                st.setTimestamp(1, Timestamp.from(now.plus(ROTATION_OVERLAP)));
                st.setString(2, newSecret());
                st.setTimestamp(3, Timestamp.from(now));
                st.setObject(4, id);
                if (st.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return find(c, id);
        });
    }

    private static Optional<Endpoint> find(Connection c, UUID id) throws SQLException {
        try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = ?")) {
            st.setObject(1, id);
            return read(st.executeQuery()).stream().findFirst();
        }
    }

    private static List<Endpoint> read(ResultSet rs) throws SQLException {
        try (rs) {
            List<Endpoint> found = new ArrayList<>();
            while (rs.next()) {
                Array events = rs.getArray(4);
                found.add(new Endpoint(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        Arrays.asList((String[]) events.getArray()), rs.getBoolean(5), rs.getString(6), instant(rs, 7), instant(rs, 8),
                        rs.getString(9), rs.getString(10), instant(rs, 11), instant(rs, 12), instant(rs, 13)));
            }
            return found;
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private <T> T run(Jdbc.Work<T, RuntimeException> work) {
        return Jdbc.run(database, "webhook endpoints", work);
    }
}
