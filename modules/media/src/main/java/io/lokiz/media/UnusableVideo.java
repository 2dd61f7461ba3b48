package io.lokiz.media;

/** A file we will not take as a video; the message is a sentence fit for the person who sent it. */
public final class UnusableVideo extends Exception {

    /** Why, so that the boundary can choose the status. */
    public enum Reason {
        /** Not a container we read (MP4, MOV, WebM), or not media at all. */
        NOT_A_VIDEO,
        /** Media, but without a picture (e.g. an audio file). */
        NO_PICTURE,
        /** Longer than allowed. */
        TOO_LONG,
        /** A video container that is damaged or cut short. */
        DAMAGED
    }

    private final Reason reason;

    public UnusableVideo(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
