package io.lokiz.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * All resources of all modules, at the root: {@code /api/...} and {@code /media/...}. Callers
 * authenticate with MicroProfile JWT bearer tokens; the {@code groups} claim carries the roles.
 * The OpenAPI document ({@code /openapi}) is public, like health, so clients can be generated
 * without a token; its shared parts are {@code META-INF/openapi.yaml}, completed by {@link ApiContract}.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"user", "admin"})
public class LokizApplication extends Application {
}
