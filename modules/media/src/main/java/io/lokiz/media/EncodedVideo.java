package io.lokiz.media;

import java.nio.file.Path;
import java.util.Optional;

/** The files {@link VideoEncoder} made; {@code hls} is a directory holding {@code index.m3u8} and its segments. */
public record EncodedVideo(Path mp4, Path thumbnail, Optional<Path> webm, Optional<Path> hls, VideoMetadata metadata) {

    /** The playlist's name inside the {@code hls} directory. */
    public static final String HLS_PLAYLIST = "index.m3u8";
}
