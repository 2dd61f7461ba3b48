package io.lokiz.jobs.control;

import io.lokiz.jobs.JobEvents;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} between the nodes: job changes ({@link #EVENTS},
 * {@code <job id>:<version>}) reach the SSE subscribers on every node, and new work ({@link #DUE})
 * wakes idle workers everywhere. The listener holds one dedicated connection of its own (not one
 * of the pool's) and reconnects when it breaks; until then the workers' slow poll and the
 * streams' catch-up on reconnect cover for it.
 */
@ApplicationScoped
public class Notifications {

    public static final String EVENTS = JobEvents.CHANNEL;
    public static final String DUE = "lokiz_jobs_due";
    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());

    @Resource
    ManagedExecutorService executor;

    private final String url;
    private final String user;
    private final String password;
    private final AtomicBoolean duePending = new AtomicBoolean();
    private volatile boolean running;
    private volatile Runnable onDue = () -> { };
    private volatile BiConsumer<UUID, Long> onEvent = (id, version) -> { };

    @Inject
    public Notifications(@ConfigProperty(name = "lokiz.db.url", defaultValue = "jdbc:postgresql://127.0.0.1:55432/postgres") String url,
                         @ConfigProperty(name = "lokiz.db.user", defaultValue = "postgres") String user,
                         @ConfigProperty(name = "lokiz.db.password", defaultValue = "postgres") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    protected Notifications() {
        this(null, null, null);
    }

    /** Starts listening; {@code onDue} runs when work became due, {@code onEvent} when a job changed. */
    public void start(Runnable onDue, BiConsumer<UUID, Long> onEvent) {
        this.onDue = onDue;
        this.onEvent = onEvent;
        running = true;
        executor.execute(this::listen);
    }

    public void stop() {
        running = false;
    }

    /**
     * Tells every node that work is due. Coalesced: while one notification is on its way, further
     * calls add nothing, so a burst of new jobs costs one NOTIFY, not one each.
     */
    public void workDue() {
        if (running && duePending.compareAndSet(false, true)) {
            executor.execute(() -> {
                duePending.set(false);
                try (Connection c = connect(); Statement st = c.createStatement()) {
                    st.execute("NOTIFY " + DUE);
                } catch (SQLException e) {
                    LOG.fine("NOTIFY " + DUE + " failed; the workers' poll will find the work: " + e.getMessage());
                }
            });
        }
    }

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("LISTEN " + EVENTS);
                st.execute("LISTEN " + DUE);
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = 100;
                onDue.run(); // anything that became due while we were not listening
                while (running) {
                    PGNotification[] batch = pg.getNotifications(500);
                    if (batch != null) {
                        dispatch(batch);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "LISTEN connection lost; reconnecting in " + backoff + " ms: " + e.getMessage());
                    pause(backoff);
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        }
    }

    private void dispatch(PGNotification[] batch) {
        boolean due = false;
        for (PGNotification n : batch) {
            if (n.getName().equals(DUE)) {
                due = true; // many in a batch: one wake-up
            } else if (n.getName().equals(EVENTS)) {
                int colon = n.getParameter().lastIndexOf(':');
                try {
                    onEvent.accept(UUID.fromString(n.getParameter().substring(0, colon)),
                            Long.parseLong(n.getParameter().substring(colon + 1)));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not deliver job event " + n.getParameter(), e);
                }
            }
        }
        if (due) {
            onDue.run();
        }
    }

    /** A connection of its own, straight from the driver (DriverManager may not see the app's driver). */
    private Connection connect() throws SQLException {
        var properties = new java.util.Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "lokiz-notifications");
        Connection c = new org.postgresql.Driver().connect(url, properties);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + url.replaceAll("password=[^&]*", "password=…"));
        }
        return c;
    }

    /** Waits on this object's monitor: the only pause here is the reconnect backoff. */
    private synchronized void pause(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
