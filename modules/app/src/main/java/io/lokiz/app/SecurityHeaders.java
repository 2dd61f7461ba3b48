package io.lokiz.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/**
 * Headers every response carries: no sniffing, no framing, no referrer. API answers are never
 * cached (they hold private state); media sets its own caching and sandbox policy.
 */
@Provider
public class SecurityHeaders implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putIfAbsent("Referrer-Policy", java.util.List.of("no-referrer"));
        headers.putIfAbsent("Content-Security-Policy", java.util.List.of("default-src 'none'; frame-ancestors 'none'"));
        if (request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("api/")) {
            headers.putSingle("Cache-Control", "no-store");
        }
    }
}
