package io.lokiz.jobs.control;

import io.lokiz.kernel.Chore;
import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/** The engine's housekeeping ({@link Retention}): scratch directories, expired jobs, old rate windows. */
@ApplicationScoped
public class EngineChore implements Chore {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Retention retention;
    private final EngineSettings settings;
    private final Clock clock;

    @Inject
    public EngineChore(EngineSettings settings, Clock clock,
                       @ConfigProperty(name = "lokiz.retention.failed-files-hours", defaultValue = "24") int failedFilesHours,
                       @ConfigProperty(name = "lokiz.retention.days", defaultValue = "30") int days) {
        this.retention = new Retention(Duration.ofHours(failedFilesHours), Duration.ofDays(days));
        this.settings = settings;
        this.clock = clock;
    }

    protected EngineChore() {
        this.retention = null;
        this.settings = null;
        this.clock = null;
    }

    @Override
    @Transactional
    public String sweep() {
        return Jdbc.run(database, "housekeeping", c -> {
            try {
                int dirs = retention.sweepWorkDirs(c, settings.workRoot(), clock.instant());
                int jobs = retention.expireJobs(c, clock.instant(), 500);
                return dirs + jobs == 0 ? "" : dirs + " scratch directories and " + jobs + " expired jobs removed";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
