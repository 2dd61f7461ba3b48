package io.lokiz.jobs;

import io.lokiz.kernel.Problem;
import jakarta.ws.rs.WebApplicationException;

import java.util.Map;
import java.util.UUID;

/** A job an admin may not make again: it has not failed or been canceled, or it was retried already. */
public final class JobNotRetried extends JobRefused {

    private final String kind;
    private final Map<String, Object> facts;

    private JobNotRetried(String kind, String message, Map<String, Object> facts) {
        super(message);
        this.kind = kind;
        this.facts = facts;
    }

    public static JobNotRetried notEndedBadly(UUID id, JobState state) {
        return new JobNotRetried("job-not-retriable", "Job " + id + " is " + state.wire() + "; only failed and canceled jobs are retried",
                Map.of("state", state.wire()));
    }

    public static JobNotRetried alreadyRetried(UUID id, UUID retry) {
        return new JobNotRetried("job-already-retried", "Job " + id + " was retried already as " + retry + "; retry that one instead",
                Map.of("retryId", retry.toString()));
    }

    /** 409, naming the job's state or its retry. */
    @Override
    public WebApplicationException problem() {
        return Problem.of(409, kind, kind.equals("job-already-retried") ? "Job already retried" : "Job not retriable", getMessage(), facts);
    }
}
