package io.lokiz.providers;

import java.net.URI;

/** Where a generation stands at a provider. */
public sealed interface Generation {

    /** Accepted and still working; ask again with the request id. */
    record Running(String requestId) implements Generation {
    }

    /** Done: the clip is at {@code video} ({@code file:} for local renders, {@code https:} for providers). */
    record Finished(URI video) implements Generation {
    }

    /** The provider gave up; the reason is fit to show a user. */
    record Failed(String reason) implements Generation {
    }
}
