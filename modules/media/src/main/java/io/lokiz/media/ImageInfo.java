package io.lokiz.media;

/** What an image's header says: its real format and its pixel size. */
public record ImageInfo(ImageFormat format, int width, int height) {

    public boolean isPortrait() {
        return height > width;
    }
}
