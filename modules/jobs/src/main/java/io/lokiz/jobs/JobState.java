package io.lokiz.jobs;

import java.util.Locale;

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
}
