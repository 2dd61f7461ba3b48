package io.lokiz.media;

import java.util.Arrays;
import java.util.Optional;

/**
 * The still-image formats Lokiz reads. Every upload is stored as JPEG (photos stay photos) or PNG
 * (everything else, losslessly); WebP, GIF (its first frame), BMP and TIFF are converted.
 */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif"),
    BMP("image/bmp", "bmp"),
    TIFF("image/tiff", "tif");

    private final String contentType;
    private final String extension;

    ImageFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The format an image of this format is stored in. */
    public ImageFormat stored() {
        return this == JPEG ? JPEG : PNG;
    }

    /** The accepted content types, for messages. */
    public static String accepted() {
        return String.join(", ", Arrays.stream(values()).map(f -> f.contentType).toList());
    }

    /** The format for a media type such as {@code image/png; charset=x}, ignoring parameters and case. */
    public static Optional<ImageFormat> ofContentType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String bare = mediaType.split(";", 2)[0].trim().toLowerCase();
        String normalized = bare.equals("image/jpg") ? "image/jpeg" : bare;
        return Arrays.stream(values()).filter(f -> f.contentType.equals(normalized)).findFirst();
    }
}
