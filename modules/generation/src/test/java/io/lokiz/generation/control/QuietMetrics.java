package io.lokiz.generation.control;

import java.time.Duration;

/** Metrics without a registry, for unit tests of the job types; MetricsIT reads the real ones. */
public final class QuietMetrics extends GenerationMetrics {

    @Override
    public void providerOutcome(String provider, String outcome) {
    }

    @Override
    public void encoded(String type, Duration took) {
    }

    @Override
    public void uploadRetried(String type) {
    }

    @Override
    public void credits(String movement, long amount) {
    }
}
