package io.lokiz.assets;

import io.lokiz.fetch.GuardedFetcher;
import io.lokiz.kernel.Tickets;
import io.lokiz.media.FrameSize;
import io.lokiz.media.ImageNormaliser;
import io.lokiz.media.StillMotion;
import io.lokiz.media.VideoProbe;
import io.lokiz.storage.Storage;
import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.sql.DataSource;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user's videos and the frames captured from them, without a server: real ffmpeg, a directory
 * store, a real PostgreSQL. A frame can be taken anywhere from the first to the very last instant
 * of the video, never outside it.
 */
class VideoUploadsTest {

    @TempDir
    static Path dir;

    static DataSource database;
    static Path clip;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    Storage storage;
    VideoUploads uploads;

    @BeforeAll
    static void aDatabaseAndATwoSecondClip() throws Exception {
        database = TestDatabase.freshDatabase().dataSource();
        Path still = dir.resolve("still.png");
        var image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.MAGENTA);
        g.fillRect(0, 0, 160, 240);
        g.dispose();
        ImageIO.write(image, "png", still.toFile());
        clip = dir.resolve("clip.mp4");
        new StillMotion().render(still, new FrameSize(640, 360), 24, 2, clip);
    }

    @BeforeEach
    void uploadsWithAQuotaOfOneMegabyte() {
        storage = Storage.directory(dir.resolve("store-" + System.nanoTime()), "http://localhost:9080", new Tickets(new byte[32], clock),
                Duration.ofHours(1));
        var images = new Images(storage, new GuardedFetcher(false, Optional.empty(), 1 << 20, 5, Optional.empty()), new ImageNormaliser(),
                clock, 1);
        images.database = database;
        uploads = new VideoUploads(storage, new VideoProbe(), images, clock, 120, 1);
        uploads.database = database;
    }

    @Test
    void keepsAVideoWithItsFactsAndPoster() throws Exception {
        StoredVideo video = uploads.keep(clip, "alice");

        assertThat(video.width()).isEqualTo(640);
        assertThat(video.height()).isEqualTo(360);
        assertThat(video.duration()).isBetween(1.9, 2.1);
        assertThat(uploads.find(video.id(), "alice")).isPresent();
        assertThat(uploads.find(video.id(), "mallory")).as("another user's video is absent").isEmpty();
    }

    @Test
    void capturesTheFirstFrame() throws Exception {
        StoredVideo video = uploads.keep(clip, "alice");

        Optional<StoredImage> frame = uploads.captureFrame(video.id(), "alice", 0);

        assertThat(frame).get().satisfies(image -> {
            assertThat(image.width()).isEqualTo(640);
            assertThat(image.height()).isEqualTo(360);
        });
    }

    @Test
    void capturesTheFrameAtTheVeryEnd() throws Exception {
        StoredVideo video = uploads.keep(clip, "alice");

        Optional<StoredImage> frame = uploads.captureFrame(video.id(), "alice", video.duration());

        assertThat(frame).get().satisfies(image -> assertThat(image.width()).isEqualTo(640));
    }

    @Test
    void refusesATimeBeforeTheStartOrPastTheEnd() throws Exception {
        StoredVideo video = uploads.keep(clip, "alice");

        for (double outside : new double[]{-0.001, video.duration() + 0.01, Double.NaN}) {
            assertThatThrownBy(() -> uploads.captureFrame(video.id(), "alice", outside)).as("at %s", outside)
                    .isInstanceOf(FrameOutOfRange.class)
                    .satisfies(e -> assertThat(((FrameOutOfRange) e).duration()).isEqualTo(video.duration()));
        }
    }

    @Test
    void noFrameOfAnotherUsersVideo() throws Exception {
        StoredVideo video = uploads.keep(clip, "alice");

        assertThat(uploads.captureFrame(video.id(), "mallory", 1)).isEmpty();
    }

    @Test
    void refusesAVideoPastTheQuotaAndKeepsNothingOfIt() throws Exception {
        Path big = dir.resolve("big.mp4");
        Files.write(big, Files.readAllBytes(clip));
        Files.write(big, new byte[1 << 20], java.nio.file.StandardOpenOption.APPEND); // the same video, padded past 1 MB

        assertThatThrownBy(() -> uploads.keep(big, "bob")).isInstanceOf(QuotaExceeded.class);
        assertThat(storage.list("videos/")).isEmpty();
    }
}
