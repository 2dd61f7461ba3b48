package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;

/**
 * {@code @RolesAllowed} as the operations declare it (on the method, else on the class; {@code @PermitAll} on a method
 * lets anyone in): nobody is a 401 that asks for a bearer token, somebody without any of the roles a 403.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        var method = resource.getResourceMethod();
        if (method.isAnnotationPresent(PermitAll.class)) {
            return;
        }
        RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : resource.getResourceClass().getAnnotation(RolesAllowed.class);
        if (allowed != null) {
            context.register(new Roles(List.of(allowed.value())), Priorities.AUTHORIZATION);
        }
    }

    /** Lets a request on only if its caller has one of {@code allowed}. */
    record Roles(List<String> allowed) implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            var security = request.getSecurityContext();
            if (security == null || security.getUserPrincipal() == null) {
                request.abortWith(Problem.response(401, "unauthorized", "Unauthorized", "A valid bearer token is required", Map.of())
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
            } else if (allowed.stream().noneMatch(security::isUserInRole)) {
                request.abortWith(Problem.response(403, "forbidden", "Forbidden",
                        "This needs the role " + String.join(" or ", allowed), Map.of()).build());
            }
        }
    }
}
