package io.lokiz.media;

/** Bytes we will not take as a picture; the message is a sentence fit for the person who sent them. */
public final class UnusableImage extends Exception {

    /** Why, so that the boundary can choose the status. */
    public enum Reason {
        /** Not a format we read. */
        NOT_AN_IMAGE,
        /** More pixels than we decode, said by the header before any decoding. */
        TOO_MANY_PIXELS,
        /** A format we read, but damaged or cut short. */
        DAMAGED
    }

    private final Reason reason;

    public UnusableImage(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
