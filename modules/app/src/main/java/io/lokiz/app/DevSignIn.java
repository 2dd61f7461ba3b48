package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * {@code /api/dev/sign-in}: the studio's sign-in on the embedded defaults, handing out the same
 * tokens as README's command. It answers only while the embedded identity does (no external
 * issuer configured: then tokens come from the identity provider, and this is a 404), and gives
 * the admin role only to a browser on this machine.
 */
@Path("api/dev/sign-in")
@ApplicationScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in")
public class DevSignIn {

    static final Duration LIFETIME = Duration.ofHours(12);
    private static final int MAX_NAME = 64;

    private final boolean embedded;
    private final String dataDir;

    @Inject
    public DevSignIn(@ConfigProperty(name = "lokiz.auth.issuer", defaultValue = EmbeddedIdentity.ISSUER) String issuer,
                     @ConfigProperty(name = "lokiz.data.dir", defaultValue = "data") String dataDir) {
        this.embedded = issuer.equals(EmbeddedIdentity.ISSUER);
        this.dataDir = dataDir;
    }

    protected DevSignIn() {
        this(EmbeddedIdentity.ISSUER, "data");
    }

    /** A name, and whether to sign in as an admin or as support (the console's read-only role) too: not unless asked. */
    @Schema(name = "SignInRequest")
    public record SignIn(String name, Boolean admin, Boolean support) {
        boolean asAdmin() {
            return Boolean.TRUE.equals(admin);
        }

        boolean asSupport() {
            return Boolean.TRUE.equals(support);
        }
    }

    /** A bearer token for the name, with its roles and lifetime. */
    @Schema(name = "SignInSession")
    public record Session(String token, String subject, List<String> roles, long expiresInSeconds) {
    }

    /** This sign-in exists here; the admin role is given only to a browser on the server's machine. */
    @Schema(name = "SignInAvailability")
    public record Availability(boolean available, boolean adminFromThisMachineOnly) {
    }

    /** Whether this sign-in exists here: the studio shows its form only then. */
    @GET
    @Operation(operationId = "getSignInAvailability", summary = "Whether this server signs people in itself",
            description = "Only on the embedded identity (no identity provider configured); 404 otherwise.")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "It does")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Availability available() {
        requireEmbedded();
        return new Availability(true, true);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "signIn", summary = "Sign in by name on the embedded identity",
            description = "A bearer token for the name (1-64 letters, digits, '.', '_', '-'), valid 12 hours; admin or support (the console's read-only role) true only from the server's own machine.")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "The token, its subject, roles and lifetime")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    public Session signIn(SignIn request, @Context HttpServletRequest http) throws IOException {
        requireEmbedded();
        String name = request == null || request.name() == null ? "" : request.name().trim();
        if (!isName(name)) {
            throw Problem.invalid("name", "a name is 1 to " + MAX_NAME + " letters, digits, '.', '_' or '-'");
        }
        if ((request.asAdmin() || request.asSupport()) && !fromThisMachine(http.getRemoteAddr())) {
            throw Problem.of(403, "forbidden", "Forbidden", "The admin and support roles are given only to a browser on the server's own machine");
        }
        List<String> roles = new java.util.ArrayList<>(List.of("user"));
        if (request.asAdmin()) {
            roles.add("admin");
        }
        if (request.asSupport()) {
            roles.add("support");
        }
        String token = new EmbeddedIdentity(java.nio.file.Path.of(dataDir)).token(name, roles, LIFETIME);
        return new Session(token, name, roles, LIFETIME.toSeconds());
    }

    /** Whether this sign-in exists: only while the server is its own identity provider. */
    boolean exists() {
        return embedded;
    }

    private void requireEmbedded() {
        if (!exists()) {
            throw Problem.of(404, "not-found", "Not found",
                    "Sign-in here exists only on the embedded identity; use a token from your identity provider");
        }
    }

    static boolean isName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean fromThisMachine(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
