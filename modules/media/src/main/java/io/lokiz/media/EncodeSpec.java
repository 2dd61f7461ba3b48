package io.lokiz.media;

/**
 * The deliverables to make from a generated clip: an H.264 MP4 of exactly {@code seconds} at
 * {@code size} and {@code fps}, a JPEG thumbnail, and optionally WebM and HLS. {@code aiLabel}
 * (null: none) is the corner where a visible "AI-generated" label is drawn over every frame.
 */
public record EncodeSpec(FrameSize size, int fps, int seconds, int bitrateKbps, boolean webm, boolean hls, Branding.Corner aiLabel) {

    public EncodeSpec {
        if (fps < 1 || seconds < 1 || bitrateKbps < 100) {
            throw new IllegalArgumentException("invalid encode spec: " + fps + " fps, " + seconds + " s, " + bitrateKbps + " kbps");
        }
    }

    public EncodeSpec(FrameSize size, int fps, int seconds, int bitrateKbps, boolean webm, boolean hls) {
        this(size, fps, seconds, bitrateKbps, webm, hls, null);
    }

    /** The same, with the visible label drawn in {@code corner}. */
    public EncodeSpec withAiLabel(Branding.Corner corner) {
        return new EncodeSpec(size, fps, seconds, bitrateKbps, webm, hls, corner);
    }
}
