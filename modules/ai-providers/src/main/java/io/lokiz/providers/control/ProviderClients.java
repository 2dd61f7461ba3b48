package io.lokiz.providers.control;

import jakarta.ws.rs.client.ClientRequestFilter;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** REST clients of the providers, built from configuration: base URL, credentials, timeouts. */
final class ProviderClients {

    static final Duration CONNECT = Duration.ofSeconds(5);

    private ProviderClients() {
    }

    /**
     * A client of {@code api} at {@code base} sending {@code authorization} on every call. Every
     * status comes back as a response (the default mapper would throw for 4xx/5xx before we could
     * read the provider's words or its {@code Retry-After}).
     */
    static <T> T build(Class<T> api, URI base, String authorization, Duration readTimeout) {
        ClientRequestFilter auth = request -> request.getHeaders().putSingle("Authorization", authorization);
        return RestClientBuilder.newBuilder()
                .baseUri(base)
                .connectTimeout(CONNECT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .register(auth)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(api);
    }
}
