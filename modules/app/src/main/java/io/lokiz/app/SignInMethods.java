package io.lokiz.app;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/sign-in}: the ways in that this server offers, in one answer. The studio's sign-in screen asks this
 * rather than probing {@code /api/dev/sign-in} and {@code /api/sign-in/provider} and reading their 404s: a browser
 * reports every 404 in its console, and a page that logs errors on every visit hides the ones that matter.
 */
@Path("api/sign-in")
@ApplicationScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in")
public class SignInMethods {

    /** The embedded sign-in by name, the identity provider, or (on a provider without a studio client) neither. */
    @Schema(name = "SignInMethods")
    public record Methods(@Schema(description = "Whether POST /api/dev/sign-in hands out tokens here") boolean embedded,
                          @Schema(description = "Absent unless the studio signs in at the identity provider") ProviderSignIn.Provider provider) {
    }

    private final DevSignIn embedded;
    private final ProviderSignIn provider;

    @Inject
    public SignInMethods(DevSignIn embedded, ProviderSignIn provider) {
        this.embedded = embedded;
        this.provider = provider;
    }

    protected SignInMethods() {
        this(null, null);
    }

    @GET
    @Operation(operationId = "getSignInMethods", summary = "How people sign in here",
            description = "Whether the embedded sign-in exists, and the identity provider's endpoints when the studio signs in there.")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "The ways in")
    @APIResponse(responseCode = "406", ref = "NotAcceptable")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Methods methods() {
        return new Methods(embedded.exists(), provider.configured().orElse(null));
    }
}
