package io.lokiz.media;

/** ffmpeg could not do what was asked; the message is safe to show and to log. */
public class MediaException extends RuntimeException {

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
