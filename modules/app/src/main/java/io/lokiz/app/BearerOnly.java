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

/**
 * Credentials come one way only: {@code Authorization: Bearer <token>} (RFC 6750). The JWT layer
 * would also take a bare token or another scheme's value; a client sending those has a bug
 * worth hearing about, and a second accepted spelling is one more thing to get wrong.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerOnly implements ContainerRequestFilter {

    private static final String SCHEME = "bearer ";

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> values = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (values == null) {
            return;
        }
        if (values.size() != 1 || !isBearer(values.get(0))) {
            throw new WebApplicationException(Problem.response(401, "unauthorized", "Unauthorized",
                            "Send the token as \"Authorization: Bearer <token>\", once", Map.of())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_request\"")
                    .build());
        }
    }

    /**
     * {@code Bearer <b64token>}: the scheme case-insensitive (RFC 9110 11.1), the token RFC 6750's
     * characters with {@code =} only at its end. A loop, not a regex: it runs on every request,
     * over tokens of several hundred characters.
     */
    static boolean isBearer(String value) {
        if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        int end = value.length();
        while (end > SCHEME.length() && value.charAt(end - 1) == '=') {
            end--;
        }
        if (end == SCHEME.length()) {
            return false;
        }
        for (int i = SCHEME.length(); i < end; i++) {
            char c = value.charAt(i);
            boolean token = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!token) {
                return false;
            }
        }
        return true;
    }
}
