package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.Config;

import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Who a request is: the user and roles of its bearer token ({@link AccessTokens}), or nobody without one (the
 * operations that need somebody say so with {@code @RolesAllowed}, see {@link RoleCheck}; streams and media take
 * tickets instead). A token that does not verify is a 401 saying why, whatever it was sent to; why tokens are refused
 * reaches the log once a minute at most, so that a provider sending tokens without a claim we need is heard of without
 * a line per request. Runs after {@link BearerOnly} has checked the header's form.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
@ApplicationScoped
public class BearerAuthentication implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(BearerAuthentication.class.getName());

    private final AccessTokens tokens;
    private final IdentitySettings settings;
    private final QuietLog quietly;

    @Inject
    public BearerAuthentication(Config config, Clock clock) {
        this(IdentitySettings.of(config, config.getOptionalValue("lokiz.data.dir", String.class).orElse("data")), clock);
    }

    BearerAuthentication(IdentitySettings settings, Clock clock) {
        this.settings = settings;
        this.tokens = new AccessTokens(settings, IssuerKeys.of(settings, clock), clock);
        this.quietly = new QuietLog(LOG, clock);
    }

    /** For the CDI proxy; RESTEasy also needs a public constructor to find the bean by. */
    public BearerAuthentication() {
        this.tokens = null;
        this.settings = null;
        this.quietly = null;
    }

    /** The user a token names, as {@code SecurityContext.getUserPrincipal()} answers it. */
    record User(String getName) implements Principal {
    }

    /** What the operations read of a verified token. */
    record TokenSecurity(User getUserPrincipal, Set<String> roles, boolean isSecure) implements SecurityContext {
        @Override
        public boolean isUserInRole(String role) {
            return roles.contains(role);
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return;
        }
        String token = header.substring("Bearer ".length()).trim();
        try {
            AccessTokens.Identity identity = tokens.verify(token);
            if (!identity.roleClaimFound()) {
                quietly.warn("role-claim", () -> "A token of issuer " + settings.issuer() + " has nothing at its role claim '"
                        + settings.roleClaim() + "' (lokiz.auth.role-claim); its user has only the roles lokiz.auth.role-map gives everyone: "
                        + identity.roles());
            }
            request.setSecurityContext(new TokenSecurity(new User(identity.user()), identity.roles(),
                    request.getSecurityContext() != null && request.getSecurityContext().isSecure()));
        } catch (AccessTokens.Refused refused) {
            quietly.warn(refused.reason(), () -> "Refused a bearer token: " + refused.getMessage());
            request.abortWith(Problem.response(401, "unauthorized", "Unauthorized", refused.getMessage(), Map.of())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\""
                            + refused.getMessage().replace('"', '\'') + "\"")
                    .build());
        }
    }
}
