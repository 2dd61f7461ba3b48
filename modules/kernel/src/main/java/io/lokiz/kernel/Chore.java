package io.lokiz.kernel;

/**
 * A module's periodic housekeeping (expiring what the product promises to forget). The app runs
 * every chore on every node; each must be idempotent and take the locks it needs.
 */
public interface Chore {

    /** Does one round; answers a line for the log when it changed something, else an empty string. */
    String sweep();
}
