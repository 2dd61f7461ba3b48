package io.lokiz.assets;

import io.lokiz.kernel.Problem;
import io.lokiz.media.ImageFormat;
import io.lokiz.media.UnusableImage;
import jakarta.ws.rs.WebApplicationException;

import java.util.Map;

/** The bytes are no picture we keep; the message is fit to show the client. */
public final class NotAnImage extends Exception {

    private final UnusableImage.Reason reason;

    public NotAnImage(UnusableImage cause) {
        super(cause.getMessage(), cause);
        this.reason = cause.reason();
    }

    /**
     * The problem, naming the {@code field} the image came in ("body", "data.imageUrl"): 415
     * {@code unsupported-image-type}, 413 {@code image-too-many-pixels} or 422 {@code image-unreadable}.
     */
    public WebApplicationException problem(String field) {
        Map<String, Object> named = Map.of("field", field);
        return switch (reason) {
            case NOT_AN_IMAGE -> Problem.of(415, "unsupported-image-type", "Unsupported image type", getMessage(), named);
            case TOO_MANY_PIXELS -> Problem.of(413, "image-too-many-pixels", "Image has too many pixels", getMessage(), named);
            case DAMAGED -> Problem.of(422, "image-unreadable", "Image unreadable", getMessage(), named);
        };
    }

    /** 415 {@code unsupported-image-type} for a body sent with a type we do not take. */
    public static WebApplicationException unsupported(String contentType) {
        return Problem.of(415, "unsupported-image-type", "Unsupported image type",
                "Images must be one of " + ImageFormat.accepted() + ", not " + contentType);
    }
}
