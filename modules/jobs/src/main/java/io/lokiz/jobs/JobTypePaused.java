package io.lokiz.jobs;

import io.lokiz.kernel.Problem;
import jakarta.ws.rs.WebApplicationException;

import java.time.Instant;
import java.util.Map;

/** New jobs of a type an admin paused are refused until it is resumed; nothing was reserved or charged. */
public final class JobTypePaused extends JobRefused {

    /** Pauses are an operator's decision, not a load: a minute is a fair first guess at when to ask again. */
    static final int RETRY_AFTER_SECONDS = 60;

    private final String type;
    private final Instant since;

    public JobTypePaused(String type, Instant since) {
        super("Jobs of type " + type + " are paused by an admin since " + since + "; nothing was reserved or charged");
        this.type = type;
        this.since = since;
    }

    /** The answer a client gets: 503 with Retry-After, naming the type and since when. */
    @Override
    public WebApplicationException problem() {
        return new WebApplicationException(getMessage(), Problem.response(503, "job-type-paused", "Job type paused", getMessage(),
                Map.of("jobType", type, "pausedAt", since.toString())).header("Retry-After", RETRY_AFTER_SECONDS).build());
    }
}
