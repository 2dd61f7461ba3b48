package io.lokiz.app;

import io.lokiz.credits.Credits;
import io.lokiz.jobs.JobEngine;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Periodic chores on a managed scheduled executor. Every node runs them; each chore is idempotent
 * and takes the locks it needs, so running on several nodes at once is safe.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Credits credits;
    private final JobEngine jobs;
    private final long intervalSeconds;
    private ScheduledFuture<?> running;

    @Inject
    public Housekeeping(Credits credits, JobEngine jobs, @ConfigProperty(name = "lokiz.housekeeping.interval-seconds", defaultValue = "300") long intervalSeconds) {
        this.credits = credits;
        this.jobs = jobs;
        this.intervalSeconds = intervalSeconds;
    }

    protected Housekeeping() {
        this(null, null, 0);
    }

    public synchronized void start() {
        if (running == null) {
            running = scheduler.scheduleWithFixedDelay(this::run, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        }
    }

    public synchronized void stop() {
        if (running != null) {
            running.cancel(false);
            running = null;
        }
    }

    void run() {
        try {
            jobs.sweep();
            long expired = credits.expireDue();
            if (expired > 0) {
                LOG.info("housekeeping: " + expired + " expired credits left their accounts");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "housekeeping failed; trying again in " + intervalSeconds + " s", e);
        }
    }
}
