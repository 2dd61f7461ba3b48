package io.lokiz.providers;

import java.net.URI;
import java.time.Duration;

/** Where a generation stands at a provider. */
public sealed interface Generation {

    /**
     * Accepted and still working; ask again with the request id. {@code costUsd} is what the
     * provider charges for the request, told once, when it accepts it.
     */
    record Running(String requestId, double costUsd) implements Generation {

        public Running(String requestId) {
            this(requestId, 0);
        }
    }

    /** Done: the clip (or track) is at {@code result} ({@code file:} for local renders, {@code https:} for providers). */
    record Finished(URI result) implements Generation {
    }

    /** The provider gave up; trying again may help. The reason is fit to show a user. */
    record Failed(String reason) implements Generation {
    }

    /**
     * The provider cannot take the call now (it throttled us, its breaker is open, too many calls
     * are in flight): ask again after {@code delay}. Not a failed attempt: nothing was tried.
     */
    record Deferred(Duration delay, String reason) implements Generation {
    }

    /** The request cannot work (the input cannot be rendered, the task is not offered): no retry. */
    record Refused(String reason) implements Generation {
    }
}
