package io.lokiz.generation.control;

import io.lokiz.media.Branding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** How generations are waited for and retried ({@code lokiz.jobs.*}); README lists every key. */
@ApplicationScoped
public class GenerationSettings {

    private final Duration providerPoll;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration retryBackoff;
    private final Branding.Corner watermarkCorner;
    private final Duration uploadRetryMax;

    @Inject
    public GenerationSettings(@ConfigProperty(name = "lokiz.jobs.provider-poll-seconds", defaultValue = "5") int providerPollSeconds,
                              @ConfigProperty(name = "lokiz.jobs.generation-timeout-seconds", defaultValue = "60") int timeoutSeconds,
                              @ConfigProperty(name = "lokiz.jobs.max-attempts", defaultValue = "4") int maxAttempts,
                              @ConfigProperty(name = "lokiz.jobs.retry-backoff-seconds", defaultValue = "2") int backoffSeconds,
                              @ConfigProperty(name = "lokiz.branding.watermark-corner", defaultValue = "BOTTOM_RIGHT") Branding.Corner corner,
                              @ConfigProperty(name = "lokiz.storage.retry-max-seconds", defaultValue = "300") int uploadRetryMaxSeconds) {
        this.providerPoll = Duration.ofSeconds(providerPollSeconds);
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.maxAttempts = maxAttempts;
        this.retryBackoff = Duration.ofSeconds(backoffSeconds);
        this.watermarkCorner = corner;
        this.uploadRetryMax = Duration.ofSeconds(uploadRetryMaxSeconds);
    }

    protected GenerationSettings() {
        this(5, 60, 4, 2, Branding.Corner.BOTTOM_RIGHT, 300);
    }

    /** How often a running generation is polled (spec: 5 s), unless its webhook comes first. */
    public Duration providerPoll() {
        return providerPoll;
    }

    /** A generation not finished by then is retried (spec REQ-UW-001: 60 s). */
    public Duration timeout() {
        return timeout;
    }

    /** Attempts in all: REQ-UW-001's "retried at most 3 times" is the first attempt and 3 retries. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Where a branded video's watermark sits. */
    public Branding.Corner watermarkCorner() {
        return watermarkCorner;
    }

    /** The wait before attempt {@code n + 1}: doubles with each failed attempt. */
    public Duration backoffAfter(int attempts) {
        return retryBackoff.multipliedBy(1L << Math.min(10, Math.max(0, attempts - 1)));
    }

    /**
     * The wait before storing a finished job's files again after {@code failures} failed tries:
     * doubles from the retry backoff up to {@code lokiz.storage.retry-max-seconds}, since a store
     * that is down for an hour should not be asked every two seconds.
     */
    public Duration uploadBackoff(int failures) {
        Duration wait = backoffAfter(failures);
        return wait.compareTo(uploadRetryMax) > 0 ? uploadRetryMax : wait;
    }
}
