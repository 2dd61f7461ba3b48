package io.lokiz.providers.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.metrics.annotation.Timed;

import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;

/** Calls to fal.ai's queue API ({@code lokiz.providers.fal.*}) under fal's own breaker and bulkhead. */
@ApplicationScoped
public class FalCalls extends ProviderCalls<FalApi> {

    @Inject
    public FalCalls(@ConfigProperty(name = "lokiz.providers.fal.queue-url", defaultValue = "https://queue.fal.run") String queue,
                    @ConfigProperty(name = "lokiz.providers.fal.key") Optional<String> key,
                    ProviderRateLimit limit, Clock clock) {
        super("fal.ai", FalApi.class, URI.create(queue), "Key", key, limit, clock);
    }

    protected FalCalls() {
        super(null, null, null, null, Optional.empty(), null, null);
    }

    @Override
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, jitter = 250, retryOn = {ProviderUnavailable.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS, successThreshold = 1,
            failOn = {ProviderUnavailable.class, TimeoutException.class})
    @Bulkhead(10)
    @Timed(name = "lokiz_provider_calls", absolute = true, description = "Calls to a provider's API, retries and failures included",
            tags = "provider=fal")
    public JsonObject send(Function<FalApi, Response> call) {
        return super.send(call);
    }
}
