package io.lokiz.generation.control;

import io.lokiz.kernel.Chore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Forgets finished videos and music tracks after the retention period (spec: 30 days): rows first, then their files. */
@ApplicationScoped
public class VideoChore implements Chore {

    private final Videos videos;
    private final VideoStore files;
    private final Duration keep;
    private final Clock clock;

    @Inject
    public VideoChore(Videos videos, VideoStore files, Clock clock,
                      @ConfigProperty(name = "lokiz.retention.days", defaultValue = "30") int days) {
        this.videos = videos;
        this.files = files;
        this.keep = Duration.ofDays(days);
        this.clock = clock;
    }

    protected VideoChore() {
        this(null, null, null, 0);
    }

    @Override
    @Transactional
    public String sweep() {
        List<UUID> expired = videos.expire(clock.instant(), keep, 500);
        List<UUID> music = videos.expireTracks(clock.instant(), keep, 500);
        try {
            for (UUID id : expired) {
                files.delete(id);
            }
            for (UUID id : music) {
                files.deleteTrack(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the rows come back with the rollback; the next round tries again
        }
        return expired.isEmpty() && music.isEmpty() ? "" : expired.size() + " expired videos and " + music.size() + " tracks removed";
    }
}
