package io.lokiz.assets.control;

import io.lokiz.kernel.Chore;
import io.lokiz.kernel.Jdbc;
import io.lokiz.storage.Storage;
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
import java.util.List;

/** Forgets images no job has used for the retention period: rows first, then their bytes. */
@ApplicationScoped
public class ImageChore implements Chore {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final ImageTable table = new ImageTable();
    private final Storage storage;
    private final Duration keep;
    private final Clock clock;

    @Inject
    public ImageChore(Storage storage, Clock clock, @ConfigProperty(name = "lokiz.retention.days", defaultValue = "30") int days) {
        this.storage = storage;
        this.keep = Duration.ofDays(days);
        this.clock = clock;
    }

    protected ImageChore() {
        this.storage = null;
        this.keep = null;
        this.clock = null;
    }

    @Override
    @Transactional
    public String sweep() {
        List<String> keys = Jdbc.run(database, "image library", c -> table.expire(c, clock.instant(), keep, 500));
        try {
            for (String key : keys) {
                storage.deleteAll(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the rows come back with the rollback; the next round tries again
        }
        return keys.isEmpty() ? "" : keys.size() + " expired images removed";
    }
}
