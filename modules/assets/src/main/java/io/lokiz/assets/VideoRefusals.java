package io.lokiz.assets;

import io.lokiz.kernel.Problem;
import io.lokiz.media.UnusableVideo;
import jakarta.ws.rs.WebApplicationException;

/** The problem each kind of unusable video is, wherever videos are uploaded (users' and the brand's). */
public final class VideoRefusals {

    private VideoRefusals() {
    }

    public static WebApplicationException of(UnusableVideo e) {
        return switch (e.reason()) {
            case NOT_A_VIDEO -> Problem.of(415, "unsupported-video-type", "Unsupported video type", e.getMessage());
            case NO_PICTURE -> Problem.of(422, "video-without-picture", "Video without picture", e.getMessage());
            case TOO_LONG -> Problem.of(422, "video-too-long", "Video too long", e.getMessage());
            case DAMAGED -> Problem.of(422, "video-unreadable", "Video unreadable", e.getMessage());
        };
    }
}
