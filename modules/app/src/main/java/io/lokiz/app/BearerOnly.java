package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Credentials come one way only: {@code Authorization: Bearer <token>} (RFC 6750). The JWT layer
 * would also take a bare token or another scheme's value; a client sending those has a bug
 * worth hearing about, and a second accepted spelling is one more thing to get wrong.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerOnly implements ContainerRequestFilter {

    /** The scheme is case-insensitive (RFC 9110 11.1); the token is RFC 6750's b64token. */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) [A-Za-z0-9\\-._~+/]+=*");

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> values = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (values == null) {
            return;
        }
        if (values.size() != 1 || !BEARER.matcher(values.get(0)).matches()) {
            throw new WebApplicationException(Problem.response(401, "unauthorized", "Unauthorized",
                            "Send the token as \"Authorization: Bearer <token>\", once", Map.of())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_request\"")
                    .build());
        }
    }
}
