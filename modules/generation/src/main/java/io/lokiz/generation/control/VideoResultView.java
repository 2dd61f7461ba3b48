package io.lokiz.generation.control;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** A finished video as the API shows it: the spec's {@code VideoResult}. */
public record VideoResultView(UUID videoId, Urls urls, Metadata metadata) {

    /** Where the files are; {@code webm} and {@code hls} are null unless asked for. */
    @Schema(name = "VideoUrls")
    public record Urls(String mp4, String webm, String hls, String thumbnail) {
    }

    /** The MP4's duration (s), size (bytes) and frame size (px). */
    @Schema(name = "VideoMetadata")
    public record Metadata(double duration, long size, int width, int height) {
    }
}
