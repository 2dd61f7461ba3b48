package io.lokiz.media;

/**
 * The deliverables to make from a generated clip: an H.264 MP4 of exactly {@code seconds} at
 * {@code size} and {@code fps}, a JPEG thumbnail, and optionally WebM and HLS.
 */
public record EncodeSpec(FrameSize size, int fps, int seconds, int bitrateKbps, boolean webm, boolean hls) {

    public EncodeSpec {
        if (fps < 1 || seconds < 1 || bitrateKbps < 100) {
            throw new IllegalArgumentException("invalid encode spec: " + fps + " fps, " + seconds + " s, " + bitrateKbps + " kbps");
        }
    }
}
