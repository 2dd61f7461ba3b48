package io.lokiz.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * Which jobs an admin looks for, across every user; each part optional. {@code from} inclusive, {@code to} exclusive,
 * by creation; {@code notRetried} leaves out jobs made again already.
 */
public record JobFilter(UUID id, String owner, String type, JobState state, Instant from, Instant to, boolean notRetried) {

    /** One owner's jobs, as the owner lists them. */
    public static JobFilter owned(String owner, String type, JobState state) {
        return new JobFilter(null, owner, type, state, null, null, false);
    }
}
