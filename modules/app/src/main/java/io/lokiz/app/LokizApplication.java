package io.lokiz.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * All resources of all modules, at the root: {@code /api/...} and {@code /media/...}. Callers
 * authenticate with bearer tokens of the configured issuer ({@link BearerAuthentication}); the roles each
 * operation allows are checked by {@link RoleCheck}.
 * The OpenAPI document ({@code /openapi}) is public, like health, so clients can be generated
 * without a token; its shared parts are {@code META-INF/openapi.yaml}, completed by {@link ApiContract}.
 */
@ApplicationPath("/")
@DeclareRoles({"user", "admin", "support"})
public class LokizApplication extends Application {
}
