package io.lokiz.jobs.boundary;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

/**
 * Ready only while the queue moves. Jobs waiting behind the limit of active jobs are normal; a
 * stall is work that has been due for long ({@code lokiz.health.queue-stall-seconds}) while no
 * node holds a lease on any job: workers are not claiming.
 */
@Readiness
@ApplicationScoped
public class QueueHealth implements HealthCheck {

    @Resource(lookup = "jdbc/lokizDirect")
    DataSource database;

    private final Duration stall;
    private final Clock clock;

    @Inject
    public QueueHealth(@ConfigProperty(name = "lokiz.health.queue-stall-seconds", defaultValue = "120") int stallSeconds, Clock clock) {
        this.stall = Duration.ofSeconds(stallSeconds);
        this.clock = clock;
    }

    protected QueueHealth() {
        this(0, null);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            long[] counts = Jdbc.run(database, "queue health", c -> {
                try (var st = c.prepareStatement("""
                        SELECT count(*) FILTER (WHERE run_at < ? AND (lease_owner IS NULL OR lease_expires_at < ?)),
                               count(*) FILTER (WHERE lease_owner IS NOT NULL AND lease_expires_at >= ?)
                        FROM job_jobs WHERE step IS NOT NULL""")) {
                    var now = Timestamp.from(clock.instant());
                    st.setTimestamp(1, Timestamp.from(clock.instant().minus(stall)));
                    st.setTimestamp(2, now);
                    st.setTimestamp(3, now);
                    try (var rs = st.executeQuery()) {
                        rs.next();
                        return new long[]{rs.getLong(1), rs.getLong(2)};
                    }
                }
            });
            boolean moving = counts[0] == 0 || counts[1] > 0;
            return HealthCheckResponse.named("queue").status(moving).withData("overdue", counts[0]).withData("running", counts[1]).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("queue").down().withData("error", "unreachable").build();
        }
    }
}
