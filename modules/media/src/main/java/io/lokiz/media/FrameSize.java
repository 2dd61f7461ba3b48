package io.lokiz.media;

/** A video frame size in pixels; both sides even, as yuv420p requires. */
public record FrameSize(int width, int height) {

    public FrameSize {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("frame sides must be positive and even: " + width + "x" + height);
        }
    }

    /**
     * The 16:9 frame for a resolution's short side (720 or 1080) turned the way the image is:
     * portrait images (try-on photos usually are) give portrait video, others landscape.
     */
    public static FrameSize forImage(int shortSide, int imageWidth, int imageHeight) {
        int longSide = (shortSide * 16 / 9 + 1) / 2 * 2; // 480p's 853.3 rounds to an even 854
        return imageHeight > imageWidth ? new FrameSize(shortSide, longSide) : new FrameSize(longSide, shortSide);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
