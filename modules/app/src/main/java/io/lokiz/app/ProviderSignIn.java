package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code /api/sign-in/provider}: what the studio needs to sign people in at the identity provider itself (OpenID
 * Connect's authorization code flow with PKCE, for the public client {@code lokiz.auth.studio-client-id}): the
 * provider's endpoints from its discovery document, read once it answers. The studio then talks to the provider
 * directly; no secret is involved, and this server never sees a password.
 */
@Path("api/sign-in/provider")
@ApplicationScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in")
public class ProviderSignIn {

    private static final Logger LOG = Logger.getLogger(ProviderSignIn.class.getName());

    /** The provider's endpoints and the client the studio signs in as. */
    @Schema(name = "SignInProvider")
    public record Provider(String issuer, String clientId, String authorizationEndpoint, String tokenEndpoint,
                           @Schema(description = "Absent when the provider offers no RP-initiated logout") String endSessionEndpoint,
                           String scope) {
    }

    private final String issuer;
    private final Optional<String> clientId;
    private volatile Provider provider;

    @Inject
    public ProviderSignIn(@ConfigProperty(name = "lokiz.auth.issuer", defaultValue = EmbeddedIdentity.ISSUER) String issuer,
                          @ConfigProperty(name = "lokiz.auth.studio-client-id") Optional<String> clientId) {
        this.issuer = issuer;
        this.clientId = clientId.filter(id -> !id.isBlank() && !issuer.equals(EmbeddedIdentity.ISSUER));
    }

    protected ProviderSignIn() {
        this(EmbeddedIdentity.ISSUER, Optional.empty());
    }

    @GET
    @Operation(operationId = "getSignInProvider", summary = "Where the studio signs people in",
            description = "The identity provider's endpoints and the studio's public client, for OpenID Connect's authorization "
                    + "code flow with PKCE; 404 on the embedded identity or without lokiz.auth.studio-client-id.")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "The provider")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Provider provider() {
        return configured().orElseThrow(() -> Problem.of(404, "not-found", "Not found",
                "The studio signs in at an identity provider only when lokiz.auth.studio-client-id is set"));
    }

    /** The provider, once its discovery document was read; empty when the studio does not sign in at one. */
    Optional<Provider> configured() {
        if (clientId.isEmpty()) {
            return Optional.empty();
        }
        Provider known = provider;
        if (known != null) {
            return Optional.of(known);
        }
        try {
            JsonObject document = Discovery.of(issuer);
            known = new Provider(issuer, clientId.get(), Discovery.endpoint(document, "authorization_endpoint"),
                    Discovery.endpoint(document, "token_endpoint"), document.getString("end_session_endpoint", null), "openid");
            provider = known;
            return Optional.of(known);
        } catch (IOException e) {
            LOG.warning("The identity provider's discovery document cannot be read: " + e.getMessage());
            throw new jakarta.ws.rs.WebApplicationException(Problem.response(503, "identity-provider-unavailable",
                    "Identity provider unavailable", "The identity provider does not answer; try again shortly", Map.of())
                    .header("Retry-After", "10").build());
        }
    }

    /** The provider's origin, which the studio's pages must be allowed to reach (its token endpoint lives there). */
    static Optional<String> origin(String issuer, Optional<String> clientId) {
        if (issuer.equals(EmbeddedIdentity.ISSUER) || clientId.filter(id -> !id.isBlank()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(StudioPages.origin(issuer));
    }
}
