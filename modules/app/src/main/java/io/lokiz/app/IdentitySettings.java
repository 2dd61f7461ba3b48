package io.lokiz.app;

import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whose tokens the API takes and how it reads them ({@code lokiz.auth.*}): the issuer alone is enough for an OpenID
 * Connect provider (its keys come from its discovery document), the rest says how that provider spells the user and
 * the roles.
 *
 * @param issuer      the {@code iss} every token must carry; the embedded identity's unless configured
 * @param audience    a value the token's {@code aud} must contain
 * @param keyLocation a PEM or JWKS file, or a JWKS URL, overriding discovery (the embedded identity's key file by default)
 * @param userClaim   the claim naming the user; absent, the first of {@code upn}, {@code preferred_username}, {@code sub}
 * @param roleClaim   where the roles are: a claim's name ({@code groups}, {@code https://example.com/roles}) or a path
 *                    into the claims ({@code realm_access.roles})
 * @param roleMap     the provider's role names onto Lokiz's ({@code lokiz-admins=admin}; {@code *} is every verified
 *                    token); empty, the names that are Lokiz roles count as themselves
 * @param clockSkew   how far {@code exp} and {@code nbf} may be off from this server's clock
 */
record IdentitySettings(String issuer, String audience, Optional<String> keyLocation, Optional<String> userClaim,
                        String roleClaim, Map<String, Set<String>> roleMap, Duration clockSkew) {

    /** The roles Lokiz knows; a role map may name no other. */
    static final Set<String> ROLES = Set.of("user", "admin", "support");

    /** MicroProfile JWT's order, which most providers meet with their second or third name. */
    static final List<String> USER_CLAIMS = List.of("upn", "preferred_username", "sub");

    /** The provider role that stands for every verified token in {@code lokiz.auth.role-map}. */
    static final String EVERYONE = "*";

    IdentitySettings {
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("lokiz.auth.issuer is empty");
        }
        roleMap.values().stream().flatMap(Set::stream).filter(role -> !ROLES.contains(role)).findFirst().ifPresent(role -> {
            throw new IllegalArgumentException("lokiz.auth.role-map maps onto '" + role + "', which is none of " + ROLES);
        });
    }

    static IdentitySettings of(Config config, String dataDir) {
        String issuer = config.getOptionalValue("lokiz.auth.issuer", String.class).orElse(EmbeddedIdentity.ISSUER);
        Optional<String> keys = config.getOptionalValue("lokiz.auth.public-key-location", String.class).filter(s -> !s.isBlank());
        if (keys.isEmpty() && issuer.equals(EmbeddedIdentity.ISSUER)) {
            keys = Optional.of(java.nio.file.Path.of(dataDir, "keys", "jwt-public.pem").toString());
        }
        return new IdentitySettings(issuer,
                config.getOptionalValue("lokiz.auth.audience", String.class).orElse(EmbeddedIdentity.AUDIENCE),
                keys,
                config.getOptionalValue("lokiz.auth.user-claim", String.class).filter(s -> !s.isBlank()),
                config.getOptionalValue("lokiz.auth.role-claim", String.class).filter(s -> !s.isBlank()).orElse("groups"),
                roleMap(config.getOptionalValue("lokiz.auth.role-map", String.class).orElse("")),
                Duration.ofSeconds(config.getOptionalValue("lokiz.auth.clock-skew-seconds", Integer.class).orElse(60)));
    }

    /** {@code lokiz-admins=admin, lokiz-support=support, *=user}: a provider role may be named more than once. */
    static Map<String, Set<String>> roleMap(String text) {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("lokiz.auth.role-map entry '" + entry.trim() + "' is not provider-role=lokiz-role");
            }
            map.computeIfAbsent(entry.substring(0, equals).trim(), k -> new LinkedHashSet<>()).add(entry.substring(equals + 1).trim());
        }
        return Map.copyOf(map);
    }

    boolean embedded() {
        return issuer.equals(EmbeddedIdentity.ISSUER);
    }
}
