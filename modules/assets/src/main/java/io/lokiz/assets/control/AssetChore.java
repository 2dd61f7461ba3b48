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

/** Forgets images and videos no job has used for the retention period: rows first, then their bytes. */
@ApplicationScoped
public class AssetChore implements Chore {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final ImageTable images = new ImageTable();
    private final VideoTable videos = new VideoTable();
    private final Storage storage;
    private final Duration keep;
    private final Clock clock;

    @Inject
    public AssetChore(Storage storage, Clock clock, @ConfigProperty(name = "lokiz.retention.days", defaultValue = "30") int days) {
        this.storage = storage;
        this.keep = Duration.ofDays(days);
        this.clock = clock;
    }

    protected AssetChore() {
        this.storage = null;
        this.keep = null;
        this.clock = null;
    }

    @Override
    @Transactional
    public String sweep() {
        List<String> images = Jdbc.run(database, "assets", c -> this.images.expire(c, clock.instant(), keep, 500));
        List<String> videos = Jdbc.run(database, "assets", c -> this.videos.expire(c, clock.instant(), keep, 100));
        try {
            for (String key : images) {
                storage.deleteAll(key);
            }
            for (String prefix : videos) {
                storage.deleteAll(prefix);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the rows come back with the rollback; the next round tries again
        }
        return images.isEmpty() && videos.isEmpty() ? "" : images.size() + " expired images and " + videos.size() + " expired videos removed";
    }
}
