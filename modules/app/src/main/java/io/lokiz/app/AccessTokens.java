package io.lokiz.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens as this server takes them: a JWS signed by the issuer's key (RSA or EC; never {@code none} or a
 * shared secret), issued by the configured issuer for an audience that includes ours, within its lifetime give or
 * take the allowed skew, naming a user. What it carries is read as {@link IdentitySettings} say the provider spells
 * it. Each refusal says which claim or check failed, for the caller's 401 and the operator's log.
 */
final class AccessTokens {

    /**
     * Who a verified token names and the Lokiz roles it has; {@code roleClaimFound} is false when nothing was where
     * the settings look for roles, which more often means a wrong {@code lokiz.auth.role-claim} than a user without any.
     */
    record Identity(String user, Set<String> roles, boolean roleClaimFound) {
    }

    /** Why a token is refused: {@code reason} is stable (it keys the once-a-minute log), {@code detail} is for people. */
    static final class Refused extends Exception {
        private final String reason;

        Refused(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private static final Set<JWSAlgorithm> SIGNATURES = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final IdentitySettings settings;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> signatures = new DefaultJWTProcessor<>();

    AccessTokens(IdentitySettings settings, JWKSource<SecurityContext> keys, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        signatures.setJWSKeySelector(new JWSVerificationKeySelector<>(SIGNATURES, keys));
        // RFC 9068's at+jwt beside the plain JWT most providers still send
        signatures.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        signatures.setJWTClaimsSetVerifier((claims, context) -> { }); // the claims are checked below, on this server's clock
    }

    Identity verify(String token) throws Refused {
        JWTClaimsSet claims;
        try {
            claims = signatures.process(token, null);
        } catch (ParseException e) {
            throw new Refused("malformed", "The bearer token is not a signed JWT");
        } catch (KeySourceException e) {
            throw new Refused("keys-unavailable", "The identity provider's keys cannot be read now; try again shortly");
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused("signature", "The token's signature does not verify with the keys of issuer " + settings.issuer());
        }
        checkTimesAndParties(claims);
        Collection<String> named = named(claims);
        return new Identity(user(claims), roles(named), !named.isEmpty());
    }

    private void checkTimesAndParties(JWTClaimsSet claims) throws Refused {
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw new Refused("iss", "The token's iss is " + quoted(claims.getIssuer()) + ", not this server's issuer " + settings.issuer());
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(settings.audience())) {
            throw new Refused("aud", "The token's aud " + (claims.getAudience() == null ? "is missing" : claims.getAudience())
                    + " does not include " + settings.audience());
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new Refused("exp", "The token has no exp claim");
        }
        if (now.isAfter(expires.toInstant().plus(settings.clockSkew()))) {
            throw new Refused("expired", "The token expired at " + expires.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(settings.clockSkew()))) {
            throw new Refused("nbf", "The token is not valid before " + notBefore.toInstant());
        }
    }

    private String user(JWTClaimsSet claims) throws Refused {
        List<String> names = settings.userClaim().map(List::of).orElse(IdentitySettings.USER_CLAIMS);
        for (String name : names) {
            if (claims.getClaim(name) instanceof String user && !user.isBlank()) {
                return user;
            }
        }
        throw new Refused("user-claim", "The token has no " + String.join(", ", names) + " claim naming its user");
    }

    /** The claim's roles through the role map; without a map, those named like Lokiz's roles. */
    private Set<String> roles(Collection<String> named) {
        Set<String> roles = new LinkedHashSet<>();
        if (settings.roleMap().isEmpty()) {
            named.stream().filter(IdentitySettings.ROLES::contains).forEach(roles::add);
            return Set.copyOf(roles);
        }
        roles.addAll(settings.roleMap().getOrDefault(IdentitySettings.EVERYONE, Set.of()));
        named.forEach(role -> roles.addAll(settings.roleMap().getOrDefault(role, Set.of())));
        return Set.copyOf(roles);
    }

    /**
     * The role names at the configured claim: a claim of that very name first (Auth0's are URLs, dots and all), else
     * the path through nested objects ({@code realm_access.roles}); a list of strings or one space-separated string.
     */
    private Collection<String> named(JWTClaimsSet claims) {
        Object value = claims.getClaim(settings.roleClaim());
        if (value == null) {
            Object at = claims.getClaims();
            for (String step : settings.roleClaim().split("\\.")) {
                at = at instanceof Map<?, ?> object ? object.get(step) : null;
            }
            value = at;
        }
        if (value instanceof String text) {
            return List.of(text.trim().split("\\s+"));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static String quoted(String value) {
        return Optional.ofNullable(value).map(v -> "\"" + v + "\"").orElse("missing");
    }
}
