package io.lokiz.providers.control;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;

import java.net.URI;
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

    /** How long one call may wait for its answer. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final String provider;
    private final Class<A> type;
    private final URI base;
    private final String scheme;
    private final Optional<String> key;
    private final ProviderRateLimit limit;
    private final Clock clock;
    private volatile A api;

    /** Calls to {@code provider}'s {@code type} API at {@code base}, authorised as {@code "<scheme> <key>"}. */
    ProviderCalls(String provider, Class<A> type, URI base, String scheme, Optional<String> key, ProviderRateLimit limit, Clock clock) {
        this.provider = provider;
        this.type = type;
        this.base = base;
        this.scheme = scheme;
        this.key = key.filter(k -> !k.isBlank());
        this.limit = limit;
        this.clock = clock;
    }

    /** Whether the provider has what it needs (its key) to be called at all. */
    public boolean configured() {
        return key.isPresent();
    }

    /** The provider's REST client, made on first use. */
    private A client() {
        return ProviderClients.build(type, base, scheme + " " + key.orElse(""), READ_TIMEOUT);
    }

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
