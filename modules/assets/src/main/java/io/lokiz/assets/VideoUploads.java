package io.lokiz.assets;

import io.lokiz.assets.control.AssetUsage;
import io.lokiz.assets.control.VideoTable;
import io.lokiz.kernel.Directories;
import io.lokiz.kernel.Jdbc;
import io.lokiz.media.UnusableVideo;
import io.lokiz.media.VideoFacts;
import io.lokiz.media.VideoProbe;
import io.lokiz.storage.Storage;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The assets module's API for videos users upload: judged whole before they are kept (see
 * {@link VideoProbe}), stored with a poster, the owner's alone, and the source of captured frames.
 * Transactional as a whole, like {@link Images}: file work first, the row last, both or neither.
 */
@ApplicationScoped
@Transactional
public class VideoUploads {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final VideoTable table = new VideoTable();
    private final Storage storage;
    private final VideoProbe probe;
    private final Images images;
    private final Clock clock;
    private final double maxSeconds;
    private final long quotaBytes;

    @Inject
    public VideoUploads(Storage storage, VideoProbe probe, Images images, Clock clock,
                        @ConfigProperty(name = "lokiz.assets.video-max-seconds", defaultValue = "120") double maxSeconds,
                        @ConfigProperty(name = "lokiz.assets.quota-mb", defaultValue = "1024") long quotaMb) {
        this.storage = storage;
        this.probe = probe;
        this.images = images;
        this.clock = clock;
        this.maxSeconds = maxSeconds;
        this.quotaBytes = quotaMb * 1024 * 1024;
    }

    protected VideoUploads() {
        this(null, null, null, null, 0, 0);
    }

    /**
     * Keeps the video in {@code file} (a scratch copy the caller deletes) for {@code owner}: probed
     * and decoded through first, then checked against the quota, then stored with its poster.
     */
    public StoredVideo keep(Path file, String owner) throws IOException, UnusableVideo, QuotaExceeded {
        VideoFacts facts = probe.probe(file, maxSeconds);
        long size = Files.size(file);
        long used = run(c -> AssetUsage.lock(c, owner));
        if (used + size > quotaBytes) {
            throw new QuotaExceeded(used, quotaBytes, size);
        }
        UUID id = UUID.randomUUID();
        String folder = VideoTable.folder(id);
        String prefix = folder + "/";
        String source = prefix + "source." + (facts.container().contains("mp4") ? "mp4" : "webm");
        String poster = prefix + "poster.jpg";
        Path still = Files.createTempFile("poster", ".jpg");
        try {
            probe.poster(file, facts.duration(), still);
            try (InputStream in = Files.newInputStream(file)) {
                storage.put(source, in);
            }
            try (InputStream in = Files.newInputStream(still)) {
                storage.put(poster, in);
            }
            var video = new UploadedVideo(id, owner, facts, size, source, poster, clock.instant());
            run(c -> {
                table.insert(c, video);
                return null;
            });
            return stored(video);
        } catch (IOException | RuntimeException e) {
            storage.deleteAll(folder); // no row: no files either
            throw e;
        } finally {
            Files.deleteIfExists(still);
        }
    }

    /** The owner's video as the API shows it; another user's is as absent as a missing one. */
    public Optional<StoredVideo> find(UUID id, String owner) {
        return run(c -> table.find(c, id, owner)).map(this::stored);
    }

    /** The owner's video for a job that uses it now: retention then keeps it for another period. */
    public Optional<UploadedVideo> use(UUID id, String owner) {
        return run(c -> table.use(c, id, owner, clock.instant()));
    }

    /**
     * Keeps the frame shown at {@code seconds} as an image of the owner's, usable by every job
     * that takes an image; empty when the owner has no such video.
     */
    public Optional<StoredImage> captureFrame(UUID videoId, String owner, double seconds)
            throws FrameOutOfRange, IOException, QuotaExceeded {
        Optional<UploadedVideo> found = use(videoId, owner);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UploadedVideo video = found.get();
        if (!(seconds >= 0 && seconds <= video.facts().duration())) {
            throw new FrameOutOfRange(seconds, video.facts().duration());
        }
        Path work = Files.createTempDirectory("frame");
        try {
            Path source = work.resolve("source");
            try (InputStream in = storage.open(video.storageKey())) {
                Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
            }
            Path frame = work.resolve("frame.png");
            probe.frameAt(source, seconds, frame);
            if (Files.size(frame) > Images.MAX_BYTES) { // a very large, very detailed frame: near-lossless JPEG instead
                frame = work.resolve("frame.jpg");
                probe.frameAt(source, seconds, frame);
            }
            return Optional.of(images.keep(Files.readAllBytes(frame), owner));
        } catch (NotAnImage e) {
            throw new IllegalStateException("ffmpeg wrote a frame we cannot read", e);
        } finally {
            Directories.delete(work);
        }
    }

    private StoredVideo stored(UploadedVideo video) {
        VideoFacts f = video.facts();
        return new StoredVideo(video.id(), storage.publicUrl(video.storageKey()), storage.publicUrl(video.posterKey()),
                f.duration(), f.width(), f.height(), f.rotation(), f.hasAudio(), video.size(), video.createdAt());
    }

    private <T> T run(Jdbc.Work<T, RuntimeException> work) {
        return Jdbc.run(database, "video uploads", work);
    }
}
