package io.lokiz.jobs;

/** The queue is at capacity (spec REQ-UW-005); nothing was stored. */
public final class QueueFull extends RuntimeException {

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
}
