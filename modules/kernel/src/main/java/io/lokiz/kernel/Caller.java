package io.lokiz.kernel;

import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;
import java.util.Optional;

/** Who is calling: the user the token names, the key every user's data and credits are filed under. */
public final class Caller {

    private Caller() {
    }

    /** The authenticated subject, if the request carried a valid token. */
    public static Optional<String> of(SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        if (principal == null) {
            return Optional.empty();
        }
        return Optional.of(principal.getName());
    }

    /** The subject of a request that passed {@code @RolesAllowed}; 401 otherwise. */
    public static String require(SecurityContext security) {
        return of(security).orElseThrow(Problem::unauthorized);
    }
}
