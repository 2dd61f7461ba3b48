package io.lokiz.app;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens as the providers enterprises run send them, read as the settings say. */
class AccessTokensTest {

    static final String ISSUER = "https://idp.example.com/realms/lokiz";
    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    final RSAKey rsa = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    final ECKey ec = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());
    final JWKSet published = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));

    @Test
    void takesAKeycloakTokenWithoutUpnAsItsPreferredUsernameWithRolesFromRealmAccess() throws Exception {
        var tokens = tokens(settings("realm_access.roles", "lokiz-admins=admin,*=user"));
        var identity = tokens.verify(rs256(claims -> claims.claim("preferred_username", "maria")
                .claim("realm_access", Map.of("roles", List.of("default-roles-lokiz", "lokiz-admins")))));
        assertThat(identity.user()).isEqualTo("maria");
        assertThat(identity.roles()).containsExactlyInAnyOrder("user", "admin");
        assertThat(identity.roleClaimFound()).isTrue();
    }

    @Test
    void namesTheUserByUpnThenPreferredUsernameThenSubOrTheClaimConfigured() throws Exception {
        var tokens = tokens(settings("groups", ""));
        assertThat(tokens.verify(rs256(c -> c.claim("upn", "u@corp").claim("preferred_username", "p"))).user()).isEqualTo("u@corp");
        assertThat(tokens.verify(rs256(c -> c.claim("preferred_username", "p"))).user()).isEqualTo("p");
        assertThat(tokens.verify(rs256(c -> { })).user()).isEqualTo("subject-1");

        var byOid = tokens(new IdentitySettings(ISSUER, "lokiz", Optional.empty(), Optional.of("oid"), "roles", Map.of(), Duration.ofSeconds(60)));
        assertThat(byOid.verify(rs256(c -> c.claim("oid", "0000-1111"))).user()).isEqualTo("0000-1111");
        assertThatThrownBy(() -> byOid.verify(rs256(c -> c.claim("upn", "u@corp"))))
                .isInstanceOf(AccessTokens.Refused.class).hasMessageContaining("no oid claim");
    }

    @Test
    void readsRolesFromANamespacedClaimOrASpaceSeparatedString() throws Exception {
        var auth0 = tokens(settings("https://lokiz.io/roles", "Lokiz Admin=admin"));
        assertThat(auth0.verify(rs256(c -> c.claim("https://lokiz.io/roles", List.of("Lokiz Admin")))).roles()).containsExactly("admin");
        var scopes = tokens(settings("scope", "lokiz.user=user"));
        assertThat(scopes.verify(rs256(c -> c.claim("scope", "openid lokiz.user"))).roles()).containsExactly("user");
    }

    @Test
    void withoutARoleMapTakesOnlyTheNamesOfLokizRoles() throws Exception {
        var tokens = tokens(settings("groups", ""));
        assertThat(tokens.verify(rs256(c -> c.claim("groups", List.of("user", "admin", "wheel")))).roles()).containsExactlyInAnyOrder("user", "admin");
    }

    @Test
    void withARoleMapTakesOnlyWhatItMapsEvenANameThatIsALokizRole() throws Exception {
        var tokens = tokens(settings("groups", "lokiz-admins=admin"));
        var identity = tokens.verify(rs256(c -> c.claim("groups", List.of("admin"))));
        assertThat(identity.roles()).isEmpty();
        assertThat(identity.roleClaimFound()).isTrue();
        assertThat(tokens.verify(rs256(c -> { })).roleClaimFound()).isFalse();
    }

    @Test
    void verifiesEcSignaturesAndTheRfc9068TokenType() throws Exception {
        var tokens = tokens(settings("groups", "*=user"));
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").type(new JOSEObjectType("at+jwt")).build(),
                claims(c -> { }).build());
        jwt.sign(new ECDSASigner(ec));
        assertThat(tokens.verify(jwt.serialize()).roles()).containsExactly("user");
    }

    @Test
    void allowsTheConfiguredClockSkewAndNoMore() throws Exception {
        var tokens = tokens(settings("groups", "*=user"));
        tokens.verify(rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(59)))));
        tokens.verify(rs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(59)))));
        assertRefused(tokens, rs256(c -> c.expirationTime(Date.from(NOW.minusSeconds(61)))), "expired", "expired at 2026-12-02T09:58:59Z");
        assertRefused(tokens, rs256(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(61)))), "nbf", "not valid before");
    }

    @Test
    void refusesEachWrongTokenSayingWhichClaimOrCheckFailed() throws Exception {
        var tokens = tokens(settings("groups", "*=user"));
        assertRefused(tokens, rs256(c -> c.issuer("https://evil.example")), "iss", "iss is \"https://evil.example\"");
        assertRefused(tokens, rs256(c -> c.audience("account")), "aud", "[account] does not include lokiz");
        assertRefused(tokens, rs256(c -> c.expirationTime(null)), "exp", "no exp claim");
        assertRefused(tokens, rs256(c -> c.subject(null)), "user-claim", "no upn, preferred_username, sub claim");
        assertRefused(tokens, "not-a-jwt", "malformed", "not a signed JWT");

        RSAKey stranger = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
        var forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims(c -> { }).build());
        forged.sign(new RSASSASigner(stranger));
        assertRefused(tokens, forged.serialize(), "signature", "does not verify");

        var shared = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(c -> { }).build()); // a secret anyone with the public key could try
        shared.sign(new MACSigner(new byte[32]));
        assertRefused(tokens, shared.serialize(), "signature", "does not verify");
        String unsigned = new com.nimbusds.jwt.PlainJWT(claims(c -> { }).build()).serialize();
        assertRefused(tokens, unsigned, "signature", "does not verify");
    }

    static void assertRefused(AccessTokens tokens, String token, String reason, String detail) {
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(AccessTokens.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.getMessage()).contains(detail);
        });
    }

    AccessTokens tokens(IdentitySettings settings) {
        return new AccessTokens(settings, new ImmutableJWKSet<>(published), CLOCK);
    }

    static IdentitySettings settings(String roleClaim, String roleMap) {
        return new IdentitySettings(ISSUER, "lokiz", Optional.empty(), Optional.empty(), roleClaim, IdentitySettings.roleMap(roleMap),
                Duration.ofSeconds(60));
    }

    String rs256(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(JOSEObjectType.JWT).build(), claims(change).build());
        jwt.sign(new RSASSASigner(rsa));
        return jwt.serialize();
    }

    static JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
        var claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(List.of("lokiz", "account")).subject("subject-1")
                .issueTime(Date.from(NOW.minusSeconds(30))).expirationTime(Date.from(NOW.plusSeconds(300)));
        change.accept(claims);
        return claims;
    }

    interface Generation<T> {
        T get() throws Exception;
    }

    static <T> T generate(Generation<T> generation) {
        try {
            return generation.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesARoleMapOntoRolesLokizDoesNotHave() {
        assertThatThrownBy(() -> settings("groups", "wheel=root")).hasMessageContaining("'root', which is none of");
        assertThatThrownBy(() -> IdentitySettings.roleMap("admins")).hasMessageContaining("not provider-role=lokiz-role");
        assertThat(IdentitySettings.roleMap(" a=admin , a=support,*=user")).isEqualTo(Map.of("a", Set.of("admin", "support"), "*", Set.of("user")));
    }
}
