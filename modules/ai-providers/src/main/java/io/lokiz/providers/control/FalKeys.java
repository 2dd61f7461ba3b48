package io.lokiz.providers.control;

import io.lokiz.fetch.FetchRefused;
import io.lokiz.fetch.GuardedFetcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** fal.ai's webhook keys from its JWKS (fetched through the SSRF guard), cached for a day. */
@ApplicationScoped
public class FalKeys implements Supplier<List<PublicKey>> {

    private static final Logger LOG = Logger.getLogger(FalKeys.class.getName());
    private static final Duration CACHE = Duration.ofHours(24);

    private final GuardedFetcher fetcher;
    private final String jwksUrl;
    private final Clock clock;
    private volatile List<PublicKey> keys = List.of();
    private volatile Instant fetchedAt = Instant.MIN;

    @Inject
    public FalKeys(GuardedFetcher fetcher,
                   @ConfigProperty(name = "lokiz.webhooks.fal.jwks-url", defaultValue = "https://rest.alpha.fal.ai/.well-known/jwks.json") String jwksUrl,
                   Clock clock) {
        this.fetcher = fetcher;
        this.jwksUrl = jwksUrl;
        this.clock = clock;
    }

    protected FalKeys() {
        this(null, null, null);
    }

    @Override
    public synchronized List<PublicKey> get() {
        if (fetchedAt.plus(CACHE).isBefore(clock.instant())) {
            try {
                keys = fetch();
                fetchedAt = clock.instant();
            } catch (IOException | FetchRefused | RuntimeException e) {
                // Keep the keys we had: a JWKS outage must not reject genuine deliveries at once.
                LOG.warning("fal JWKS not refreshed from " + jwksUrl + ": " + e.getMessage());
            }
        }
        return keys;
    }

    private List<PublicKey> fetch() throws IOException, FetchRefused {
        Path file = Files.createTempFile("fal-jwks", ".json");
        try {
            fetcher.fetch(jwksUrl, Set.of("application/json", "application/jwk-set+json"), file, 256 * 1024);
            JsonObject jwks;
            try (InputStream in = Files.newInputStream(file)) {
                jwks = Json.createReader(in).readObject();
            }
            var found = new ArrayList<PublicKey>();
            for (JsonValue key : jwks.getJsonArray("keys")) {
                JsonObject jwk = key.asJsonObject();
                if ("OKP".equals(jwk.getString("kty", "")) && "Ed25519".equals(jwk.getString("crv", ""))) {
                    found.add(FalWebhook.ed25519(jwk.getString("x")));
                }
            }
            return List.copyOf(found);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
