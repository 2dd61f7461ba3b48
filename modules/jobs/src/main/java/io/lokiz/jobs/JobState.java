package io.lokiz.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The states a user sees (the spec's {@code status}), plus {@code canceled}. */
public enum JobState {
    PENDING, GENERATING, ENCODING, UPLOADING, COMPLETED, FAILED, CANCELED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }

    /** The lower-case name the API uses. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state an API name names, if any. */
    public static Optional<JobState> ofWire(String wire) {
        return Arrays.stream(values()).filter(state -> state.wire().equals(wire)).findFirst();
    }

    /** Every API name, for a refusal that lists them. */
    public static List<String> wires() {
        return Arrays.stream(values()).map(JobState::wire).toList();
    }
}
