package io.lokiz.app;

import io.lokiz.kernel.Directories;
import io.lokiz.testing.TestDatabase;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past {@code lokiz.jobs.max-queued} jobs waiting or running, every job request in either dialect is refused (429) with
 * a clear "queue full, retry after" answer that reserves nothing; a place that frees up is taken again. A node of its
 * own with a queue of two and no worker slots (an API-only node), so that the queue stays full while the test looks.
 */
@Execution(ExecutionMode.CONCURRENT) // servers of its own: it runs beside the classes on Arquillian's
@ResourceLock("lokiz-providers")
class QueueLimitIT {

    static final Path ROOT = Path.of("target", "it-queue").toAbsolutePath();
    static final int MAX_QUEUED = 2;
    static LibertyProcess node;
    static EmbeddedIdentity identity;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startANodeWithAQueueOfTwo() throws Exception {
        Directories.delete(ROOT);
        var database = TestDatabase.emptyDatabase();
        identity = new EmbeddedIdentity(ROOT.resolve("identity"));
        node = LibertyProcess.start("lokiz-providers", 19189, LibertyProcess.onDatabase(database, ROOT.resolve("data")) + """
                <variable name="lokiz.auth.public-key-location" value="%s"/>
                <variable name="lokiz.jobs.max-queued" value="%d"/>
                <variable name="lokiz.worker.slots" value="0"/>
                """.formatted(identity.publicKeyFile(), MAX_QUEUED), ROOT);
        node.awaitLive(); // an API-only node is never "ready" for work: its queue cannot move
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    void refusesEveryJobRequestOnceTheQueueIsFullAndReservesNothing() throws Exception {
        String user = identity.token("queue-" + UUID.randomUUID(), List.of("user"), Duration.ofMinutes(10));
        String image = json(send(post("/api/images", user, "image/png", Api.photo(320, 240))), 201).getString("id");
        Path clip = Api.ffmpeg(Files.createTempFile("template", ".mp4"), "-f", "lavfi", "-i", "testsrc2=s=320x240:r=24:d=2", "-pix_fmt", "yuv420p");
        String video = json(send(post("/api/videos", user, "video/mp4", Files.readAllBytes(clip))), 201).getString("id");
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("/api/video/generate", "{\"tryonImageId\":\"" + image + "\"}");
        requests.put("/v1/ai/preview", "{\"image_id\":\"" + image + "\"}");
        requests.put("/v1/ai/template", "{\"image_id\":\"" + image + "\",\"template\":\"ai_hug\",\"duration\":5}");
        requests.put("/v1/ai/glitch/animate", "{\"template_video_id\":\"" + video + "\",\"user_image_id\":\"" + image + "\"}");
        requests.put("/v1/ai/glitch/replace", "{\"template_video_id\":\"" + video + "\",\"user_image_id\":\"" + image + "\"}");
        requests.put("/v1/ai/music", "{\"prompt\":\"a beat\",\"duration\":10}");

        String first = json(send(post("/v1/ai/preview", user, "application/json", requests.get("/v1/ai/preview").getBytes())), 202).getString("job_id");
        json(send(post("/v1/ai/music", user, "application/json", requests.get("/v1/ai/music").getBytes())), 202);
        long available = balance(user);

        for (var request : requests.entrySet()) {
            var refused = send(post(request.getKey(), user, "application/json", request.getValue().getBytes()));
            JsonObject problem = assertProblem(refused, 429, "queue-full");
            assertThat(problem.getInt("queueDepth")).as(request.getKey()).isEqualTo(MAX_QUEUED);
            assertThat(problem.getInt("retryAfter")).isPositive();
            assertThat(refused.headers().firstValue("Retry-After")).hasValue(Integer.toString(problem.getInt("retryAfter")));
        }
        assertThat(balance(user)).as("a refused request holds no credits").isEqualTo(available);
        // Nothing is signed before it is made.
        assertProblem(send(get("/v1/ai/jobs/" + first + "/provenance", user)), 409, "job-not-completed");
        assertProblem(send(get("/api/video/" + first + "/provenance", user)), 409, "video-not-ready");

        json(send(post("/v1/ai/jobs/" + first + "/cancel", user, null, null)), 200);
        json(send(post("/v1/ai/preview", user, "application/json", requests.get("/v1/ai/preview").getBytes())), 202);
    }

    long balance(String user) throws Exception {
        return json(send(HttpRequest.newBuilder(URI.create(node.url("/api/credits/balance"))).header("Authorization", "Bearer " + user).build()),
                200).getJsonNumber("available").longValue();
    }

    HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(node.url(path))).header("Authorization", "Bearer " + token).build();
    }

    HttpRequest post(String path, String token, String contentType, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create(node.url(path))).header("Authorization", "Bearer " + token)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return contentType == null ? request.build() : request.header("Content-Type", contentType).build();
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
