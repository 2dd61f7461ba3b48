package io.lokiz.app;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The keys an issuer signs with. An OpenID Connect provider is found by its issuer alone: its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}) names its JWKS, whose keys are cached and fetched again when a
 * token names a {@code kid} the cache lacks, so a provider rotating its key needs no restart here. A configured
 * location (a PEM or JWKS file, or a JWKS URL) overrides discovery; the embedded identity's is its key file.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {

    /** A provider that is down must not be asked again on every request; a rotation is picked up within this. */
    static final Duration REFETCH_AT_MOST_EVERY = Duration.ofSeconds(10);
    private static final int TIMEOUT_MS = (int) Discovery.TIMEOUT.toMillis();
    private static final int JWKS_LIMIT_BYTES = 512 * 1024;

    private final String issuer;
    private final String location;
    private final Clock clock;
    private volatile JWKSource<SecurityContext> keys;
    private Instant failedAt = Instant.MIN;
    private KeySourceException failure;

    private IssuerKeys(String issuer, String location, Clock clock) {
        this.issuer = issuer;
        this.location = location;
        this.clock = clock;
    }

    /** The keys of {@code settings}' issuer, found when the first token arrives: a provider down at start-up is no failure. */
    static IssuerKeys of(IdentitySettings settings, Clock clock) {
        return new IssuerKeys(settings.issuer(), settings.keyLocation().orElse(null), clock);
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSource<SecurityContext> found = keys; // every request passes here: no lock once the keys are found
        return (found != null ? found : source()).get(selector, context);
    }

    private synchronized JWKSource<SecurityContext> source() throws KeySourceException {
        if (keys != null) {
            return keys;
        }
        if (failure != null && clock.instant().isBefore(failedAt.plus(REFETCH_AT_MOST_EVERY))) {
            throw failure;
        }
        try {
            keys = location == null ? remote(URI.create(Discovery.endpoint(Discovery.of(issuer), "jwks_uri")).toURL()) : located(location);
            failure = null;
            return keys;
        } catch (IOException | ParseException | GeneralSecurityException | RuntimeException e) {
            failedAt = clock.instant();
            failure = new KeySourceException("the keys of issuer " + issuer + " are not available: " + e.getMessage(), e);
            throw failure;
        }
    }

    private static JWKSource<SecurityContext> located(String location) throws IOException, ParseException, GeneralSecurityException {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return remote(URI.create(location).toURL());
        }
        Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return new ImmutableJWKSet<>(parse(Files.readString(file)));
    }

    /**
     * Cached for 15 minutes and fetched again, rate-limited, for a {@code kid} not in the cache. Not refreshed ahead in
     * the background: that would be a thread of the library's own beside the container's managed ones.
     */
    private static JWKSource<SecurityContext> remote(URL jwks) throws MalformedURLException {
        return JWKSourceBuilder.<SecurityContext>create(jwks, new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, JWKS_LIMIT_BYTES))
                .cache(Duration.ofMinutes(15).toMillis(), TIMEOUT_MS)
                .rateLimited(REFETCH_AT_MOST_EVERY.toMillis())
                .retrying(true)
                .build();
    }

    /** A JWK set, one JWK, or a PEM public key (RSA: the embedded identity's and MicroProfile JWT's usual file). */
    static JWKSet parse(String text) throws ParseException, GeneralSecurityException {
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            return trimmed.contains("\"keys\"") ? JWKSet.parse(trimmed) : new JWKSet(JWK.parse(trimmed));
        }
        var key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(EmbeddedIdentity.der(trimmed)));
        return new JWKSet(new RSAKey.Builder(key).build());
    }
}
