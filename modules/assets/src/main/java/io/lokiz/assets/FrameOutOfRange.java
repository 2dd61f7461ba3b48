package io.lokiz.assets;

import java.util.Locale;

/** A capture time before the start or past the end of the video; names the video's duration. */
public final class FrameOutOfRange extends Exception {

    private final double duration;

    public FrameOutOfRange(double seconds, double duration) {
        super(String.format(Locale.ROOT, "timestamp must lie between 0 and %.3f s (the video's duration), not %s",
                duration, seconds));
        this.duration = duration;
    }

    public double duration() {
        return duration;
    }
}
