package io.lokiz.kernel;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Requests per user and minute at each costly door (job creation, image uploads...), across all
 * nodes: one counter row per door, user and minute ({@code kernel_rate_windows}), incremented
 * atomically by an upsert. A fixed window: simple and exact per minute, at worst twice the rate
 * across a minute boundary. Refused requests count too: they cost us as much to refuse.
 */
@ApplicationScoped
public class RateLimits implements Chore {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;

    @Inject
    public RateLimits(Clock clock) {
        this.clock = clock;
    }

    protected RateLimits() {
        this(null);
    }

    /**
     * Counts one request of {@code subject} at {@code door}, committed at once whatever the
     * caller's transaction does; over {@code perMinute} it is a 429 with {@code Retry-After}.
     * {@code what} names the requests for people ("new jobs", "image uploads and imports").
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void enforce(String door, String subject, int perMinute, String what) {
        Optional<Duration> over = take(door, subject, perMinute);
        if (over.isPresent()) {
            long wait = over.get().toSeconds();
            throw Problem.retryLater("rate-limited", "Too many requests",
                    "At most " + perMinute + " " + what + " a minute; retry after " + wait + " s", wait,
                    Map.of("limit", perMinute, "retryAfter", wait));
        }
    }

    /**
     * Counts one request of {@code subject} at {@code door}, committed at once; answers nothing
     * while within {@code perMinute}, else how long until the window ends (whole seconds, at least one).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Duration> take(String door, String subject, int perMinute) {
        Instant now = clock.instant();
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        int requests = Jdbc.run(database, "rate limits", c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO kernel_rate_windows (door, subject, window_start, requests) VALUES (?, ?, ?, 1)
                    ON CONFLICT (door, subject, window_start) DO UPDATE SET requests = kernel_rate_windows.requests + 1
                    RETURNING requests""")) {
                st.setString(1, door);
                st.setString(2, subject);
                st.setTimestamp(3, Timestamp.from(window));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        if (requests <= perMinute) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Math.max(1, (Duration.between(now, window.plus(1, ChronoUnit.MINUTES)).toMillis() + 999) / 1000)));
    }

    /** Windows older than an hour count nothing anymore. */
    @Override
    @Transactional
    public String sweep() {
        Jdbc.run(database, "rate limits", c -> {
            try (var st = c.prepareStatement("DELETE FROM kernel_rate_windows WHERE window_start < ?")) {
                st.setTimestamp(1, Timestamp.from(clock.instant().minus(Duration.ofHours(1))));
                return st.executeUpdate();
            }
        });
        return ""; // forgetting counters is not news
    }
}
