package io.lokiz.jobs;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The spec's 60 requests a minute per user on job-creating endpoints, across all nodes: one
 * counter row per user and minute, incremented atomically by an upsert. A fixed window: simple
 * and exact per minute, at worst twice the rate across a minute boundary.
 */
@ApplicationScoped
public class RateLimiter {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final int perMinute;
    private final Clock clock;

    @Inject
    public RateLimiter(@ConfigProperty(name = "lokiz.rate-limit.jobs-per-minute", defaultValue = "60") int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    protected RateLimiter() {
        this(0, null);
    }

    public int perMinute() {
        return perMinute;
    }

    /** Counts one request of the user, committed at once; answers how long to wait when it is over the limit. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Duration> acquire(String subject) {
        Instant now = clock.instant();
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        int requests = Jdbc.run(database, "rate limiter", c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO job_rate_windows (subject, window_start, requests) VALUES (?, ?, 1)
                    ON CONFLICT (subject, window_start) DO UPDATE SET requests = job_rate_windows.requests + 1
                    RETURNING requests""")) {
                st.setString(1, subject);
                st.setTimestamp(2, Timestamp.from(window));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        if (requests <= perMinute) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, window.plus(1, ChronoUnit.MINUTES));
        return Optional.of(wait.isZero() || wait.isNegative() ? Duration.ofSeconds(1) : wait);
    }
}
