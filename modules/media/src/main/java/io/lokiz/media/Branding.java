package io.lokiz.media;

import java.nio.file.Path;

/**
 * What frames a branded video: an intro and an outro clip (each may be absent) with their lengths
 * and whether they have sound, and a watermark image (may be absent) for a corner of the frame.
 */
public record Branding(Part intro, Part outro, Path watermark, Corner corner) {

    /** A clip joined before or after the video. */
    public record Part(Path clip, double seconds, boolean hasAudio) {
    }

    /** Where the watermark sits, 3 % of the frame's short side from the edges. */
    public enum Corner {
        TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT;

        String overlay() {
            String margin = "min(W,H)*0.03";
            String x = this == TOP_LEFT || this == BOTTOM_LEFT ? margin : "W-w-" + margin;
            String y = this == TOP_LEFT || this == TOP_RIGHT ? margin : "H-h-" + margin;
            return "x='" + x + "':y='" + y + "'"; // quoted: the commas inside min() are not the graph's
        }
    }

    /** The seconds the intro and outro add. */
    public double addedSeconds() {
        return (intro == null ? 0 : intro.seconds()) + (outro == null ? 0 : outro.seconds());
    }
}
