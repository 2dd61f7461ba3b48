package io.lokiz.generation.control;

import io.lokiz.media.EncodedVideo;
import io.lokiz.media.VideoMetadata;
import io.lokiz.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where jobs' files live: stored inputs copied into a job's scratch directory, the encoded
 * deliverables put under {@code videos/<id>/}, music under {@code audio/<id>/}. The one place
 * that knows the key layout.
 */
@ApplicationScoped
public class VideoStore {

    private final Storage storage;

    @Inject
    public VideoStore(Storage storage) {
        this.storage = storage;
    }

    protected VideoStore() {
        this(null);
    }

    /** The prefix every file of a video is stored under. */
    public static String prefix(UUID videoId) {
        return "videos/" + videoId;
    }

    /** The stored object {@code key} as file {@code name} (plus the key's extension) in {@code work}; copied once, whole or not at all. */
    public Path localCopy(String key, Path work, String name) throws IOException {
        Files.createDirectories(work);
        Path copy = work.resolve(name + "." + key.substring(key.lastIndexOf('.') + 1));
        if (!Files.exists(copy)) {
            try (InputStream in = storage.open(key)) {
                Path partial = Files.createTempFile(work, "input", ".part");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return copy;
    }

    /** Stores what the encoder made as video {@code videoId}; storing again overwrites the same keys. */
    public VideoFiles store(UUID videoId, EncodedVideo encoded) throws IOException {
        String prefix = prefix(videoId) + "/";
        String webm = encoded.webm().isPresent() ? put(encoded.webm().get(), prefix + "video.webm") : null;
        String hls = encoded.hls().isPresent() ? putTree(encoded.hls().get(), prefix + "hls") + "/" + EncodedVideo.HLS_PLAYLIST : null;
        String thumbnail = put(encoded.thumbnail(), prefix + "thumbnail.jpg");
        String mp4 = put(encoded.mp4(), prefix + "video.mp4"); // last: a video is there once its MP4 is
        VideoMetadata m = encoded.metadata();
        return new VideoFiles(videoId, mp4, webm, hls, thumbnail, m.duration(), m.size(), m.width(), m.height());
    }

    /** A URL clients fetch {@code key} from. */
    public String publicUrl(String key) {
        return storage.publicUrl(key);
    }

    /** Stores a music track as {@code audio/<id>/track.m4a}; answers its key. */
    public String storeTrack(UUID trackId, Path m4a) throws IOException {
        return put(m4a, "audio/" + trackId + "/track.m4a");
    }

    /** Removes a music track's files. */
    public void deleteTrack(UUID trackId) throws IOException {
        storage.deleteAll("audio/" + trackId);
    }

    /** Removes every file of the video. */
    public void delete(UUID videoId) throws IOException {
        storage.deleteAll(prefix(videoId));
    }

    /** Answers once the store holds the file whole (size and checksum verified): only then may the local copy go. */
    private String put(Path file, String key) throws IOException {
        storage.put(key, file);
        return key;
    }

    /** Stores every file of a directory under the prefix; answers the prefix. */
    private String putTree(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                put(f, prefix + "/" + f.getFileName());
            }
        }
        return prefix;
    }
}
