package io.lokiz.audit.boundary;

import io.lokiz.audit.control.AuditedRequest;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.RequestKey;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Names every admin request for the trail once its caller is known: the token's subject, the request id (the
 * caller's {@code X-Request-Id} when it looks like one, else a new one) and its {@code Idempotency-Key}. The answer
 * carries the id back, so that an operator finds the entries of the request they just sent.
 */
@Provider
@Priority(Priorities.USER)
@ApplicationScoped
public class AuditedRequests implements ContainerRequestFilter, ContainerResponseFilter {

    private final AuditedRequest request;

    @Inject
    public AuditedRequests(AuditedRequest request) {
        this.request = request;
    }

    /** For the CDI proxy; RESTEasy also needs a public constructor to find the bean by. */
    public AuditedRequests() {
        this(null);
    }

    @Override
    public void filter(ContainerRequestContext context) {
        if (admin(context)) {
            request.begin(Caller.of(context.getSecurityContext()).orElse(null),
                    context.getHeaderString(AuditedRequest.ID_HEADER), context.getHeaderString(RequestKey.HEADER));
        }
    }

    @Override
    public void filter(ContainerRequestContext context, ContainerResponseContext response) {
        if (admin(context) && request.id() != null) {
            response.getHeaders().putSingle(AuditedRequest.ID_HEADER, request.id());
        }
    }

    private static boolean admin(ContainerRequestContext context) {
        return context.getUriInfo().getPath().startsWith("api/admin/") || context.getUriInfo().getPath().startsWith("/api/admin/");
    }
}
