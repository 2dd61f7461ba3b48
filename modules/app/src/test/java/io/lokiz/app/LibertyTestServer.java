package io.lokiz.app;

import io.lokiz.kernel.Directories;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares the Liberty server Arquillian starts: a fresh test database (the server migrates it
 * itself, as in production), its own data directory and port, and the local connector
 * Arquillian deploys through. Register it before {@code ArquillianExtension}.
 */
public class LibertyTestServer implements BeforeAllCallback {

    public static final String BASE_URL = "http://localhost:19080";
    public static final Path DATA_DIR = Path.of("target", "it-data").toAbsolutePath();

    /** The embedded identity provider of the test server. */
    public static final EmbeddedIdentity IDENTITY = new EmbeddedIdentity(DATA_DIR);

    /** The Standard Webhooks secret the test server verifies Replicate deliveries with. */
    public static final String REPLICATE_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("replicate test secret, 32 bytes!".getBytes());

    /** The Standard Webhooks secret of the try-on service's events. */
    public static final String TRYON_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("try-on service test secret, 32b!".getBytes());

    /** Above 100, so the concurrent-submission test meets the credit limit, not the rate limit. */
    public static final int JOBS_PER_MINUTE = 150;

    /** Short, so a stream that stays open a few seconds must carry keep-alive comments. */
    public static final int KEEP_ALIVE_SECONDS = 1;

    /** Small, so that three large photos exceed it. */
    public static final int QUOTA_MB = 10;

    /** Where the server looks for fal's webhook keys: nothing listens there unless a test does. */
    public static final String FAL_JWKS_URL = "http://localhost:19098/.well-known/jwks.json";

    private static boolean prepared;

    /** A valid token of the test server for {@code subject} with {@code roles}. */
    public static String token(String subject, String... roles) {
        try {
            return IDENTITY.token(subject, java.util.List.of(roles), java.time.Duration.ofMinutes(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
        if (prepared) {
            return;
        }
        Path server = Path.of(System.getProperty("lokiz.wlp.home"), "usr", "servers", System.getProperty("lokiz.server.name"));
        var db = TestDatabase.emptyDatabase();
        Files.createDirectories(server.resolve("configDropins/overrides"));
        // A copy left by `liberty:run` would start beside Arquillian's deployment.
        Files.deleteIfExists(server.resolve("dropins/lokiz.war"));
        Directories.delete(DATA_DIR);
        IDENTITY.publicKeyFile(); // the server verifies with the key the tests sign with
        Files.writeString(server.resolve("configDropins/overrides/lokiz-test.xml"), """
                <server>
                  <featureManager>
                    <feature>localConnector-1.0</feature>
                  </featureManager>
                  <applicationMonitor updateTrigger="mbean"/>
                  <variable name="lokiz.http.port" value="19080"/>
                  <variable name="lokiz.public-url" value="%s"/>
                  <variable name="lokiz.db.embedded" value="false"/>
                  <variable name="lokiz.db.url" value="%s"/>
                  <variable name="lokiz.db.user" value="%s"/>
                  <variable name="lokiz.db.password" value="%s"/>
                  <variable name="lokiz.data.dir" value="%s"/>
                  <variable name="lokiz.webhooks.replicate.secret" value="%s"/>
                  <variable name="lokiz.jobs.retry-backoff-seconds" value="1"/>
                  <variable name="lokiz.webhooks.tryon.secret" value="%s"/>
                  <variable name="lokiz.fetch.allow-http" value="true"/>
                  <variable name="lokiz.fetch.trusted-hosts" value="localhost"/>
                  <variable name="lokiz.rate-limit.jobs-per-minute" value="%d"/>
                  <variable name="lokiz.sse.keep-alive-seconds" value="%d"/>
                  <variable name="lokiz.assets.quota-mb" value="%d"/>
                  <variable name="lokiz.webhooks.fal.jwks-url" value="%s"/>
                  <variable name="lokiz.analytics.enabled" value="true"/>
                </server>
                """.formatted(BASE_URL, db.jdbcUrl(), db.user(), db.password().isEmpty() ? "unused" : db.password(), DATA_DIR,
                REPLICATE_SECRET, TRYON_SECRET, JOBS_PER_MINUTE, KEEP_ALIVE_SECONDS, QUOTA_MB, FAL_JWKS_URL));
        prepared = true;
    }
}
