package io.lokiz.generation.control;

import io.lokiz.kernel.Chore;
import io.lokiz.webhooks.Webhooks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Forgets finished videos and music tracks after the retention period (spec: 30 days): rows first,
 * then their files; each video's {@code video.deleted} is written in the same transaction.
 */
@ApplicationScoped
public class VideoChore implements Chore {

    private final Videos videos;
    private final VideoStore files;
    private final Duration keep;
    private final Clock clock;
    private final Webhooks webhooks;

    @Inject
    public VideoChore(Videos videos, VideoStore files, Clock clock, Webhooks webhooks,
                      @ConfigProperty(name = "lokiz.retention.days", defaultValue = "30") int days) {
        this.videos = videos;
        this.files = files;
        this.keep = Duration.ofDays(days);
        this.clock = clock;
        this.webhooks = webhooks;
    }

    protected VideoChore() {
        this(null, null, null, null, 0);
    }

    @Override
    @Transactional
    public String sweep() {
        List<Videos.Expired> expired = videos.expire(clock.instant(), keep, 500);
        List<Videos.Expired> music = videos.expireTracks(clock.instant(), keep, 500);
        try {
            for (Videos.Expired video : expired) {
                files.delete(video.id());
                webhooks.publish("video.deleted", Json.createObjectBuilder().add("video_id", video.id().toString())
                        .add("job_id", video.jobId().toString()).add("user_id", video.owner()).add("reason", "retention")
                        .add("retention_days", keep.toDays()).build());
            }
            for (Videos.Expired track : music) {
                files.deleteTrack(track.id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the rows come back with the rollback; the next round tries again
        }
        return expired.isEmpty() && music.isEmpty() ? "" : expired.size() + " expired videos and " + music.size() + " tracks removed";
    }
}
