package io.lokiz.media;

/**
 * What a video file is: its container, its duration in seconds, its frame as displayed (rotation
 * applied: a phone's portrait clip stored as 1920x1080 with a 90° rotation is 1080x1920 here), the
 * rotation it was stored with, and its codecs ({@code audioCodec} null when it has no sound).
 */
public record VideoFacts(String container, double duration, int width, int height, int rotation, String videoCodec,
                         String audioCodec) {

    public boolean hasAudio() {
        return audioCodec != null;
    }
}
