package io.lokiz.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * All resources of all modules, at the root: {@code /api/...} and {@code /media/...}. Callers
 * authenticate with MicroProfile JWT bearer tokens; the {@code groups} claim carries the roles.
 * The OpenAPI document ({@code /openapi}) is public, like health, so clients can be generated
 * without a token.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"user", "admin"})
@OpenAPIDefinition(info = @Info(title = "Lokiz", version = "1",
        description = "Still image in, short video out: images, video jobs, live progress, credits."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class LokizApplication extends Application {
}
