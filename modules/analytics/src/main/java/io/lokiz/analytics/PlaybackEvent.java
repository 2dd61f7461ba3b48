package io.lokiz.analytics;

import java.util.Locale;
import java.util.Optional;

/**
 * What a player reports of one viewing: it started ({@code play}), some seconds were watched
 * ({@code progress}), it reached the end ({@code complete}), or it broke ({@code error}).
 * {@code viewer} tells viewers apart (a player's anonymous id); only its hash is kept.
 */
public record PlaybackEvent(Kind kind, double seconds, String viewer) {

    public enum Kind {
        PLAY, PROGRESS, COMPLETE, ERROR;

        /** The kind a player names in lower case, if it is one. */
        public static Optional<Kind> parse(String name) {
            for (Kind kind : values()) {
                if (kind.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    public PlaybackEvent {
        if (kind == null || viewer == null || viewer.isEmpty()) {
            throw new IllegalArgumentException("a playback event has a kind and a viewer");
        }
        if (kind == Kind.PROGRESS ? !(seconds > 0) : seconds != 0) {
            throw new IllegalArgumentException("only progress counts seconds, and more than none");
        }
    }
}
