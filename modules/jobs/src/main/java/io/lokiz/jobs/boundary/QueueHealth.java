package io.lokiz.jobs.boundary;

import io.lokiz.jobs.JobLeases;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
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

    private final JobLeases leases = new JobLeases();
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
            JobLeases.Motion motion = Jdbc.run(database, "queue health", c -> leases.motion(c, clock.instant(), stall));
            return HealthCheckResponse.named("queue").status(motion.moving()).withData("overdue", motion.overdue())
                    .withData("running", motion.running()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("queue").down().withData("error", "unreachable").build();
        }
    }
}
