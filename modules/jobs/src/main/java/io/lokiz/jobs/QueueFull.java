package io.lokiz.jobs;

import io.lokiz.kernel.Problem;
import jakarta.ws.rs.WebApplicationException;

import java.util.Map;

/** The queue is at capacity (spec REQ-UW-005); nothing was stored. */
public final class QueueFull extends JobRefused {

    private final int depth;
    private final int retryAfterSeconds;

    public QueueFull(int depth, int retryAfterSeconds) {
        super("the queue is full: " + depth + " jobs waiting or running");
        this.depth = depth;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int depth() {
        return depth;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 429 with Retry-After and the queue's depth. */
    @Override
    public WebApplicationException problem() {
        return Problem.retryLater("queue-full", "Queue full",
                "The queue is full (" + depth + " jobs waiting or running); retry after " + retryAfterSeconds + " s",
                retryAfterSeconds, Map.of("queueDepth", depth, "retryAfter", retryAfterSeconds));
    }
}
