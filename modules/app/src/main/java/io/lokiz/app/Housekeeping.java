package io.lokiz.app;

import io.lokiz.kernel.Chore;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every module's {@link Chore} on a managed scheduled executor. Every node runs them; each chore
 * is idempotent and takes the locks it needs, so running on several nodes at once is safe.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Instance<Chore> chores;
    private final long intervalSeconds;
    private ScheduledFuture<?> running;

    @Inject
    public Housekeeping(@Any Instance<Chore> chores, @ConfigProperty(name = "lokiz.housekeeping.interval-seconds", defaultValue = "300") long intervalSeconds) {
        this.chores = chores;
        this.intervalSeconds = intervalSeconds;
    }

    protected Housekeeping() {
        this(null, 0);
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
        for (Chore chore : chores) {
            try {
                String done = chore.sweep();
                if (!done.isEmpty()) {
                    LOG.info("housekeeping: " + done);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "housekeeping failed; trying again in " + intervalSeconds + " s", e);
            }
        }
    }
}
