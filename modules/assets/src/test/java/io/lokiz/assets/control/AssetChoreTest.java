package io.lokiz.assets.control;

import io.lokiz.assets.Image;
import io.lokiz.assets.UploadedVideo;
import io.lokiz.kernel.Tickets;
import io.lokiz.media.VideoFacts;
import io.lokiz.storage.Storage;
import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.lokiz.testing.Transactions.tx;
import static org.assertj.core.api.Assertions.assertThat;

/** Retention (REQ: 30 days): what no job used for the period goes, rows and bytes; what a job used lately stays. */
class AssetChoreTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final DataSource database = TestDatabase.freshDatabase().dataSource();
    final ImageTable images = new ImageTable();
    final VideoTable videos = new VideoTable();
    Storage storage;
    AssetChore chore;

    @BeforeEach
    void aStoreAndTheChore() {
        storage = Storage.directory(dir, "http://localhost:9080", new Tickets(new byte[32], clock), Duration.ofHours(1));
        chore = new AssetChore(storage, clock, 30);
        chore.database = database;
    }

    @Test
    void forgetsWhatNoJobUsedForThirtyDaysAndKeepsTheRest() throws Exception {
        Image old = image("alice");
        UploadedVideo oldVideo = video("alice");
        clock.advance(Duration.ofDays(2));
        Image recent = image("alice");
        clock.advance(Duration.ofDays(29)); // 31 days after the first two, 29 after the recent one
        assertThat(storage.list(VideoTable.folder(oldVideo.id()))).hasSize(2);

        String said = chore.sweep();

        assertThat(said).isEqualTo("1 expired images and 1 expired videos removed");
        assertThat(image(old.id())).isEmpty();
        assertThat(storage.find(old.storageKey())).isEmpty();
        assertThat(this.<UploadedVideo>row(c -> videos.find(c, oldVideo.id(), "alice"))).isEmpty();
        assertThat(storage.list(VideoTable.folder(oldVideo.id()))).isEmpty();
        assertThat(image(recent.id())).isPresent();
        assertThat(storage.find(recent.storageKey())).isPresent();
    }

    @Test
    void anImageAJobUsesIsKeptForAnotherPeriod() throws Exception {
        Image image = image("alice");
        clock.advance(Duration.ofDays(25));
        tx(database, c -> images.use(c, image.id(), "alice", clock.instant()));
        clock.advance(Duration.ofDays(25));

        assertThat(chore.sweep()).isEmpty();
        assertThat(storage.find(image.storageKey())).isPresent();
    }

    private java.util.Optional<Image> image(UUID id) throws Exception {
        return row(c -> images.find(c, id));
    }

    private <T> java.util.Optional<T> row(io.lokiz.testing.Transactions.Work<java.util.Optional<T>> read) throws Exception {
        return tx(database, read);
    }

    private Image image(String owner) throws Exception {
        UUID id = UUID.randomUUID();
        Image image = new Image(id, owner, "image/png", 64, 48, 3, "images/" + id + ".png", clock.instant());
        storage.put(image.storageKey(), new ByteArrayInputStream(new byte[]{1, 2, 3}));
        tx(database, c -> {
            images.insert(c, image);
            return null;
        });
        return image;
    }

    private UploadedVideo video(String owner) throws Exception {
        UUID id = UUID.randomUUID();
        String prefix = VideoTable.folder(id) + "/";
        var video = new UploadedVideo(id, owner, new VideoFacts("mp4", 2, 640, 360, 0, "h264", null), 3, prefix + "source.mp4",
                prefix + "poster.jpg", clock.instant());
        storage.put(video.storageKey(), new ByteArrayInputStream(new byte[]{1, 2, 3}));
        storage.put(video.posterKey(), new ByteArrayInputStream(new byte[]{4}));
        tx(database, c -> {
            videos.insert(c, video);
            return null;
        });
        return video;
    }
}
