package io.lokiz.app;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * What every answer of the app carries beyond the security headers (those the HTTP endpoint sets
 * on every response, see server.xml): API answers are never cached, for they hold private state
 * (media sets its own caching); and an error that arrives without a body (a filter's abort, such
 * as the token check's 401) gets the problem document its status stands for.
 */
@Provider
public class PrivateAnswers implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("api/")) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
        if (response.getStatus() >= 400 && !response.hasEntity()) {
            response.setEntity(StatusProblems.body(response.getStatus(), null), null, MediaType.valueOf("application/problem+json"));
        }
    }
}
