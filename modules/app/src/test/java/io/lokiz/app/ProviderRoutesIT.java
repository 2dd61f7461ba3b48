package io.lokiz.app;

import io.lokiz.kernel.Directories;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route to a paid provider is checked when the node starts, not when the first paying job
 * reaches it: an operator who routes music to Replicate and forgets its token reads one line
 * naming the setting to set, and the node never reports ready nor takes a job.
 */
@Execution(ExecutionMode.CONCURRENT) // servers of its own: it runs beside the classes on Arquillian's
@ResourceLock("lokiz-providers")
class ProviderRoutesIT {

    static final Path ROOT = Path.of("target", "routes-node").toAbsolutePath();

    @Test
    @Timeout(240)
    void refusesToStartWhenARouteNamesAProviderWithoutItsKey() throws Exception {
        Directories.delete(ROOT);
        var database = TestDatabase.emptyDatabase();
        LibertyProcess node = LibertyProcess.start("lokiz-providers", 19186, LibertyProcess.onDatabase(database, ROOT.resolve("data")) + """
                <variable name="lokiz.providers.route.music" value="replicate"/>
                """, ROOT);
        try {
            String expected = "lokiz.providers.route.music=replicate, but replicate has no key: set lokiz.providers.replicate.token";
            String line = node.await("the start refused", Duration.ofSeconds(180), () -> Files.readAllLines(node.log()).stream()
                    .filter(l -> l.contains("has no key")).findFirst());
            assertThat(line).as("one line, naming the setting").contains(expected).doesNotContain("\tat ");

            HttpClient http = HttpClient.newHttpClient();
            // The port opens after the failed start; asked before that, the node answers nothing at all.
            var ready = node.await("the node listening", Duration.ofSeconds(60), () -> {
                try {
                    return Optional.of(http.send(HttpRequest.newBuilder(URI.create(node.url("/health/ready"))).build(),
                            HttpResponse.BodyHandlers.ofString()));
                } catch (java.io.IOException notListeningYet) {
                    return Optional.empty();
                }
            });
            assertThat(ready.statusCode()).as("never ready").isNotEqualTo(200);
            var music = http.send(HttpRequest.newBuilder(URI.create(node.url("/v1/ai/music")))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(music.statusCode()).as("no job taken").isEqualTo(404);
        } finally {
            node.stop();
        }
    }
}
