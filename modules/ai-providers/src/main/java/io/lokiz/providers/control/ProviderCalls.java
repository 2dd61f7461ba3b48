package io.lokiz.providers.control;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Calls to one provider's API through its REST client. Subclasses put MicroProfile Fault
 * Tolerance on {@link #send}: a timeout per call, retries of what may pass on a second try
 * (connection failures, timeouts, 5xx), one circuit breaker and one bulkhead per provider.
 * What must survive a restart (the job's timeout, attempts, backoff) lives in the job row instead.
 */
abstract class ProviderCalls<A> {

    private final String provider;
    private final ProviderRateLimit limit;
    private final Clock clock;
    private volatile A api;

    ProviderCalls(String provider, ProviderRateLimit limit, Clock clock) {
        this.provider = provider;
        this.limit = limit;
        this.clock = clock;
    }

    /** Whether the provider has what it needs (its key) to be called at all. */
    public abstract boolean configured();

    /** The provider's REST client, made on first use. */
    abstract A client();

    /** One call, its answer read ({@link ProviderAnswers}); over our own rate limit it is not made. */
    public JsonObject send(Function<A, Response> call) {
        Optional<Duration> wait = limit.take(provider);
        if (wait.isPresent()) {
            throw new ProviderThrottled("our limit of calls a minute to " + provider + " is reached", wait.get());
        }
        A client = api;
        if (client == null) {
            client = client();
            api = client;
        }
        A ready = client;
        return ProviderAnswers.read(provider, () -> call.apply(ready), clock);
    }
}
