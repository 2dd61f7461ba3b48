package io.lokiz.jobs.control;

import io.lokiz.storage.Storage;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/** Runs the jobs module's {@link Retention} sweeps, each in a transaction of its own. */
@ApplicationScoped
public class Housekeeper {

    private static final Logger LOG = Logger.getLogger(Housekeeper.class.getName());

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Retention retention;
    private final Storage storage;
    private final EngineSettings settings;
    private final Clock clock;

    @Inject
    public Housekeeper(Storage storage, EngineSettings settings, Clock clock,
                       @ConfigProperty(name = "lokiz.retention.failed-files-hours", defaultValue = "24") int failedFilesHours,
                       @ConfigProperty(name = "lokiz.retention.days", defaultValue = "30") int days) {
        this.retention = new Retention(Duration.ofHours(failedFilesHours), Duration.ofDays(days));
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
    }

    protected Housekeeper() {
        this.retention = null;
        this.storage = null;
        this.settings = null;
        this.clock = null;
    }

    @Transactional
    public void sweep() {
        try (Connection c = database.getConnection()) {
            int dirs = retention.sweepWorkDirs(c, settings.workRoot(), clock.instant());
            int jobs = retention.expireJobs(c, storage, clock.instant(), 500);
            int images = retention.expireImages(c, storage, clock.instant(), 500);
            if (dirs + jobs + images > 0) {
                LOG.info("housekeeping: " + dirs + " scratch directories, " + jobs + " expired jobs, " + images + " expired images removed");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("housekeeping could not reach the database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
