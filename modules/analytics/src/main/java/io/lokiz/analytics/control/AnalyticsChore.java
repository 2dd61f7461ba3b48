package io.lokiz.analytics.control;

import io.lokiz.kernel.Chore;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Forgets playback figures older than {@code lokiz.analytics.keep-days} (viewer hashes included). */
@ApplicationScoped
public class AnalyticsChore implements Chore {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;
    private final int keepDays;

    @Inject
    public AnalyticsChore(Clock clock, @ConfigProperty(name = "lokiz.analytics.keep-days", defaultValue = "90") int keepDays) {
        this.clock = clock;
        this.keepDays = keepDays;
    }

    protected AnalyticsChore() {
        this(null, 0);
    }

    @Override
    @Transactional
    public String sweep() {
        LocalDate before = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(keepDays);
        int removed = Jdbc.run(database, "playback statistics", c -> PlaybackTable.prune(c, before));
        return removed == 0 ? "" : removed + " playback rows before " + before + " removed";
    }
}
