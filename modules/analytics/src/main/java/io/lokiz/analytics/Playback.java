package io.lokiz.analytics;

import io.lokiz.analytics.control.PlaybackTable;
import io.lokiz.kernel.Jdbc;
import io.lokiz.kernel.Problem;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Playback statistics (REQ-O-004), kept only when {@code lokiz.analytics.enabled}: each reported
 * event is counted at once into its video's row for the day (UTC), so figures are read, not
 * computed from events.
 */
@ApplicationScoped
public class Playback {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;
    private final boolean enabled;

    @Inject
    public Playback(Clock clock, @ConfigProperty(name = "lokiz.analytics.enabled", defaultValue = "false") boolean enabled) {
        this.clock = clock;
        this.enabled = enabled;
    }

    protected Playback() {
        this(null, false);
    }

    /** Whether statistics are collected at all. */
    public boolean enabled() {
        return enabled;
    }

    /** The answer to a request for statistics while they are switched off: nothing is counted, nothing to show. */
    public static WebApplicationException switchedOff() {
        return Problem.of(404, "analytics-disabled", "Playback statistics are off",
                "Playback statistics are not collected on this installation (lokiz.analytics.enabled is false)");
    }

    /** Counts one event of {@code owner}'s video {@code videoId}. */
    @Transactional
    public void record(UUID videoId, String owner, PlaybackEvent event) {
        if (!enabled) {
            throw new IllegalStateException("playback statistics are switched off");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Jdbc.run(database, "playback statistics", c -> {
            PlaybackTable.count(c, videoId, owner, today, event);
            return null;
        });
    }
}
