package io.lokiz.generation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

import java.time.Duration;

/** What the job types report at {@code /metrics}: provider outcomes, encode time, stores retried, credits moved. */
@ApplicationScoped
public class GenerationMetrics {

    private static final Metadata OUTCOMES = Metadata.builder().withName("lokiz_provider_outcomes")
            .withDescription("Provider answers, by provider and outcome").build();
    private static final Metadata ENCODE = Metadata.builder().withName("lokiz_encode")
            .withDescription("Time to encode a job's deliverables, by job type").build();
    private static final Metadata UPLOADS_RETRIED = Metadata.builder().withName("lokiz_uploads_retried")
            .withDescription("Failed tries to store finished files, by job type").build();
    private static final Metadata CREDITS = Metadata.builder().withName("lokiz_credits")
            .withDescription("Credits held, captured and released for jobs").build();

    private final MetricRegistry registry;

    @Inject
    public GenerationMetrics(@RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
        this.registry = registry;
    }

    protected GenerationMetrics() {
        this(null);
    }

    /** A provider's answer to a submission or poll: finished, running, deferred, failed or refused. */
    public void providerOutcome(String provider, String outcome) {
        registry.counter(OUTCOMES, new Tag("provider", provider), new Tag("outcome", outcome)).inc();
    }

    /** How long encoding a job's deliverables took. */
    public void encoded(String type, Duration took) {
        registry.timer(ENCODE, new Tag("type", type)).update(took);
    }

    /** A finished job's files were not stored and wait in its spool for another try. */
    public void uploadRetried(String type) {
        registry.counter(UPLOADS_RETRIED, new Tag("type", type)).inc();
    }

    /** Credits held for a new job, captured when it completed, or released when it did not. */
    public void credits(String movement, long amount) {
        registry.counter(CREDITS, new Tag("movement", movement)).inc(amount);
    }
}
