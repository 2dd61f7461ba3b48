package io.lokiz.jobs.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's workers: up to {@code lokiz.worker.slots} jobs at a time on the managed executor.
 * A slow tick claims due work and renews the leases of running jobs (the heartbeat); a new job
 * wakes the workers as soon as its row commits, so it starts without waiting for the tick.
 */
@ApplicationScoped
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class.getName());

    @Resource
    ManagedExecutorService executor;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final WorkClaims claims;
    private final StepRunner runner;
    private final EngineSettings settings;
    private final Notifications notifications;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> ticking;
    private final AtomicBoolean waking = new AtomicBoolean();

    @Inject
    public JobWorker(WorkClaims claims, StepRunner runner, EngineSettings settings, Notifications notifications) {
        this.claims = claims;
        this.runner = runner;
        this.settings = settings;
        this.notifications = notifications;
    }

    protected JobWorker() {
        this(null, null, null, null);
    }

    public synchronized void start() {
        if (ticking == null) {
            long every = settings.idlePoll().toMillis();
            ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
            LOG.info("job worker " + settings.nodeId() + " started with " + settings.slots() + " slots");
        }
    }

    public synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    /** New work committed here: start it on this node now, and tell the other nodes. */
    void onDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobDue due) {
        wake();
        notifications.workDue();
    }

    /** Looks for due work at once instead of at the next tick; repeated calls fold into one look. */
    public void wake() {
        if (ticking != null && waking.compareAndSet(false, true)) {
            executor.execute(() -> {
                waking.set(false);
                fill();
            });
        }
    }

    private void tick() {
        try {
            claims.renew(Set.copyOf(running), settings.nodeId(), settings.lease());
            fill();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job worker tick failed; trying again on the next one", e);
        }
    }

    /** Claims as many due jobs as there are free slots and starts them. */
    private synchronized void fill() {
        int free = settings.slots() - running.size();
        if (free <= 0 || ticking == null) {
            return;
        }
        for (UUID id : claims.claim(settings.nodeId(), free, settings.maxActive(), settings.lease())) {
            running.add(id);
            executor.execute(() -> work(id));
        }
    }

    private void work(UUID id) {
        try {
            runner.run(id, settings.nodeId());
        } catch (RuntimeException | LinkageError e) { // a class missing from the deployment is as loud as a bug
            // The lease runs out and the step is tried again, here or on another node.
            LOG.log(Level.SEVERE, "job " + id + ": step failed unexpectedly", e);
        } finally {
            running.remove(id);
            fill();
        }
    }
}
