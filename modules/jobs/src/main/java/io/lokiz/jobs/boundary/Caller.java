package io.lokiz.jobs.boundary;

import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.Optional;

/** Who is calling: the token's subject, the key every user's data is filed under. */
final class Caller {

    private Caller() {
    }

    /** The authenticated subject, if the request carried a valid token. */
    static Optional<String> of(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal == null) {
            return Optional.empty();
        }
        return Optional.of(principal instanceof JsonWebToken jwt && jwt.getSubject() != null ? jwt.getSubject() : principal.getName());
    }

    /** The subject of a request that passed {@code @RolesAllowed}. */
    static String require(SecurityContext security) {
        return of(security).orElseThrow(Problems::unauthorized);
    }
}
