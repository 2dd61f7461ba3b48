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

/** Calls to Replicate ({@code lokiz.providers.replicate.*}) under Replicate's own breaker and bulkhead. */
@ApplicationScoped
public class ReplicateCalls extends ProviderCalls<ReplicateApi> {

    @Inject
    public ReplicateCalls(@ConfigProperty(name = "lokiz.providers.replicate.url", defaultValue = "https://api.replicate.com") String url,
                          @ConfigProperty(name = "lokiz.providers.replicate.token") Optional<String> token,
                          ProviderRateLimit limit, Clock clock) {
        super("Replicate", ReplicateApi.class, URI.create(url), "Bearer", token, limit, clock);
    }

    protected ReplicateCalls() {
        super(null, null, null, null, Optional.empty(), null, null);
    }

    @Override
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, jitter = 250, retryOn = {ProviderUnavailable.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS, successThreshold = 1,
            failOn = {ProviderUnavailable.class, TimeoutException.class})
    @Bulkhead(10)
    @Timed(name = "lokiz_provider_calls", absolute = true, description = "Calls to a provider's API, retries and failures included",
            tags = "provider=replicate")
    public JsonObject send(Function<ReplicateApi, Response> call) {
        return super.send(call);
    }
}
