package io.lokiz.jobs.control;

import io.lokiz.jobs.JobLeases;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The workers' side of the queue: claiming due steps and the heartbeat, each one short transaction. */
@ApplicationScoped
@Transactional
public class WorkClaims {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final JobLeases leases = new JobLeases();
    private final Clock clock;

    @Inject
    public WorkClaims(Clock clock) {
        this.clock = clock;
    }

    protected WorkClaims() {
        this(null);
    }

    /** Leases up to {@code max} due steps to {@code node}, never starting more than {@code maxActive} jobs in all. */
    public List<UUID> claim(String node, int max, int maxActive, Duration lease) {
        return Jdbc.run(database, "job queue", c -> leases.claim(c, node, max, maxActive, clock.instant(), lease));
    }

    /** The heartbeat of a busy worker: extends the leases {@code node} still holds. */
    public void renew(Collection<UUID> ids, String node, Duration lease) {
        Jdbc.run(database, "job queue", c -> leases.renew(c, ids, node, clock.instant().plus(lease)));
    }
}
