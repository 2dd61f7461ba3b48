package io.lokiz.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** The outbound webhooks' settings ({@code lokiz.webhooks.*}, each in README with its default). */
@ApplicationScoped
public class WebhookSettings {

    private final Duration timeout;
    private final int perEndpoint;
    private final int inFlight;
    private final Duration poll;
    private final Duration disableAfter;
    private final long creditsLowThreshold;
    private final Duration keep;

    @Inject
    public WebhookSettings(@ConfigProperty(name = "lokiz.webhooks.timeout-seconds", defaultValue = "15") int timeoutSeconds,
                           @ConfigProperty(name = "lokiz.webhooks.per-endpoint", defaultValue = "16") int perEndpoint,
                           @ConfigProperty(name = "lokiz.webhooks.in-flight", defaultValue = "256") int inFlight,
                           @ConfigProperty(name = "lokiz.webhooks.poll-millis", defaultValue = "1000") long pollMillis,
                           @ConfigProperty(name = "lokiz.webhooks.disable-after-hours", defaultValue = "120") long disableAfterHours,
                           @ConfigProperty(name = "lokiz.webhooks.credits-low-threshold", defaultValue = "20") long creditsLowThreshold,
                           @ConfigProperty(name = "lokiz.webhooks.retention-days", defaultValue = "30") int retentionDays) {
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        this.perEndpoint = perEndpoint;
        this.inFlight = inFlight;
        this.poll = Duration.ofMillis(pollMillis);
        this.disableAfter = Duration.ofHours(disableAfterHours);
        this.creditsLowThreshold = creditsLowThreshold;
        this.keep = Duration.ofDays(retentionDays);
    }

    protected WebhookSettings() {
        this(15, 16, 256, 1000, 120, 20, 30);
    }

    /** How long one attempt may take, answer included. */
    public Duration timeout() {
        return timeout;
    }

    /** Requests in flight to one endpoint from one node: a slow receiver ties up no more than these. */
    public int perEndpoint() {
        return perEndpoint;
    }

    /** Requests in flight from one node in all. */
    public int inFlight() {
        return inFlight;
    }

    /** How often a node looks for due deliveries it was not woken for (retries, other nodes' messages). */
    public Duration poll() {
        return poll;
    }

    /** An endpoint failing this long without one success is disabled. */
    public Duration disableAfter() {
        return disableAfter;
    }

    /** {@code credits.low} is told when available credits fall below this; 0 never tells it. */
    public long creditsLowThreshold() {
        return creditsLowThreshold;
    }

    /** Messages and their delivery log are kept this long. */
    public Duration keep() {
        return keep;
    }

    /**
     * How long a claimed delivery is this node's: longer than a round of attempts can take for
     * the deliveries one claim hands an endpoint, so a live node never sends one twice; a dead
     * node's claims come due again after it.
     */
    public Duration lease() {
        return timeout.multipliedBy(4).plusSeconds(30);
    }
}
