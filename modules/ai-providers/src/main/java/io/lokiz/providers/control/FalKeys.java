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

/**
 * fal.ai's webhook keys from its JWKS (fetched through the SSRF guard), cached for a day; a failed
 * fetch is retried with a backoff, never sooner, however many deliveries arrive meanwhile.
 */
@ApplicationScoped
public class FalKeys implements Supplier<List<PublicKey>> {

    private static final Logger LOG = Logger.getLogger(FalKeys.class.getName());
    private static final Duration CACHE = Duration.ofHours(24);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration MAX_RETRY = Duration.ofHours(1);

    private final GuardedFetcher fetcher;
    private final String jwksUrl;
    private final Clock clock;
    private List<PublicKey> keys = List.of();
    private Instant nextFetch = Instant.MIN;
    private int failures;

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
        Instant now = clock.instant();
        if (now.isBefore(nextFetch)) {
            return keys;
        }
        try {
            keys = fetch();
            failures = 0;
            nextFetch = now.plus(CACHE);
        } catch (IOException | FetchRefused | RuntimeException e) {
            // Keep the keys we had: a JWKS outage must not reject genuine deliveries at once. And
            // remember the failure: every forged delivery would otherwise start a fetch of its own.
            failures++;
            nextFetch = now.plus(retryAfter(failures));
            LOG.warning("fal JWKS not refreshed from " + jwksUrl + " (failure " + failures + ", next try at " + nextFetch + "): "
                    + e.getMessage());
        }
        return keys;
    }

    /** 30 s after the first failure, doubling up to an hour. */
    static Duration retryAfter(int failures) {
        Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 7));
        return backoff.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff;
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
