package io.lokiz.jobs.control;

import java.util.Set;

/** One recorded change of a job, ready to stream: its version (the SSE id), its status, and the job's JSON then. */
public record StreamedEvent(long version, String status, String json) {

    private static final Set<String> FINAL = Set.of("completed", "failed", "canceled");

    /** Whether the job had ended with this change. */
    public boolean isFinal() {
        return FINAL.contains(status);
    }
}
