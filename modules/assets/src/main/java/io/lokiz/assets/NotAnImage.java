package io.lokiz.assets;

import io.lokiz.kernel.Problem;
import io.lokiz.media.ImageProbe;
import jakarta.ws.rs.WebApplicationException;

/** The bytes are no JPEG, PNG or WebP we can read; the message is fit to show the client. */
public final class NotAnImage extends Exception {

    public NotAnImage() {
        super("not a readable JPEG, PNG or WebP image (at most " + ImageProbe.MAX_PIXELS / 1_000_000 + " megapixels)");
    }

    /** 415 {@code unsupported-image-type}, its detail naming what was refused ("The body", "data.imageUrl"). */
    public WebApplicationException problem(String what) {
        return unsupported(what + " is " + getMessage());
    }

    /** 415 {@code unsupported-image-type} with {@code detail}. */
    public static WebApplicationException unsupported(String detail) {
        return Problem.of(415, "unsupported-image-type", "Unsupported image type", detail);
    }
}
