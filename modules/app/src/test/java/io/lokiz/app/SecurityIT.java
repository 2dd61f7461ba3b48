package io.lokiz.app;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may see and do what, over real HTTP against the real server. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class SecurityIT {

    static final String API = LibertyTestServer.BASE_URL;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String alice = LibertyTestServer.token("alice", "user");
    final String bob = LibertyTestServer.token("bob", "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void refusesRequestsWithoutAValidToken() throws Exception {
        var key = LibertyTestServer.IDENTITY.signingKey();
        var strangerKey = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        Instant now = Instant.now();
        var badTokens = List.of(
                EmbeddedIdentity.sign(key, EmbeddedIdentity.ISSUER, "lokiz", "alice", List.of("user"), now.minusSeconds(7200), Duration.ofHours(1)),
                EmbeddedIdentity.sign(key, "https://evil.example", "lokiz", "alice", List.of("user"), now, Duration.ofHours(1)),
                EmbeddedIdentity.sign(key, EmbeddedIdentity.ISSUER, "someone-else", "alice", List.of("user"), now, Duration.ofHours(1)),
                EmbeddedIdentity.sign(strangerKey, EmbeddedIdentity.ISSUER, "lokiz", "alice", List.of("user"), now, Duration.ofHours(1)),
                "not-a-jwt");

        Api.status(send(get("/api/video/status/7a1c1e0e-0000-4000-8000-000000000000", null)), 401);
        for (String token : badTokens) {
            var response = send(get("/api/video/status/7a1c1e0e-0000-4000-8000-000000000000", token));
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
    }

    @Test
    void isReadyOnlyWithItsDatabaseSchemaStorageFfmpegAndAMovingQueue() throws Exception {
        var ready = json(send(HttpRequest.newBuilder(URI.create(API + "/health/ready")).build()), 200);

        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(ready.getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name")).toList())
                .contains("database", "schema", "storage", "ffmpeg", "queue");
    }

    @Test
    void logsNothingForEachRequestWithoutAValidToken() throws Exception {
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("lokiz.wlp.home"), "usr", "servers",
                System.getProperty("lokiz.server.name"), "logs", "messages.log");
        long before = java.nio.file.Files.readAllLines(log).size();

        for (int i = 0; i < 20; i++) {
            Api.status(send(get("/api/credits/balance", i % 2 == 0 ? null : "not-a-jwt")), 401);
        }

        java.util.List<String> added = java.nio.file.Files.readAllLines(log);
        assertThat(added.subList((int) Math.min(before, added.size()), added.size()))
                .noneMatch(line -> line.contains("\"loglevel\":\"SEVERE\"") || line.contains("\"loglevel\":\"ERROR\"") || line.contains("CWWKS552"));
    }

    @Test
    void publishesTheOpenApiDocumentWithoutAToken() throws Exception {
        var document = send(HttpRequest.newBuilder(URI.create(API + "/openapi")).header("Accept", "application/json").build());

        Api.status(document, 200);
        assertThat(document.body()).contains("/api/video/generate").contains("/api/images").contains("\"bearer\"");
    }

    @Test
    void keepsAdminEndpointsForAdmins() throws Exception {
        Api.status(send(get("/api/admin/queue", alice)), 403);

        var overview = json(send(get("/api/admin/queue", LibertyTestServer.token("root", "admin", "user"))), 200);
        assertThat(overview.getJsonObject("jobs")).isNotNull();
    }

    @Test
    void showsOneUsersThingsToNoOtherUser() throws Exception {
        JsonObject image = json(send(post("/api/images", alice, "image/png", Api.photo(64, 48))), 201);
        String imageId = image.getString("id");
        JsonObject accepted = json(send(post("/api/video/generate", alice, "application/json",
                ("{\"tryonImageId\":\"" + imageId + "\",\"settings\":{\"duration\":3}}").getBytes())), 202);
        String jobId = accepted.getString("jobId");
        String videoId = awaitVideo(jobId);

        assertProblem(send(get("/api/images/" + imageId, bob)), 404, "image-not-found");
        assertProblem(send(get("/api/video/status/" + jobId, bob)), 404, "job-not-found");
        assertProblem(send(get("/api/video/status/" + jobId + "/events", bob)), 404, "job-not-found");
        assertProblem(send(get("/api/video/" + videoId, bob)), 404, "video-not-found");
        assertProblem(send(post("/api/video/jobs/" + jobId + "/cancel", bob, "application/json", new byte[0])), 404, "job-not-found");
        assertProblem(send(post("/api/video/generate", bob, "application/json",
                ("{\"tryonImageId\":\"" + imageId + "\"}").getBytes())), 404, "image-not-found");
        assertThat(json(send(get("/api/video/status/" + jobId, alice)), 200).getString("status")).isEqualTo("completed");
    }

    @Test
    void opensAnEventStreamWithATicketForThatJobOnly() throws Exception {
        String imageId = json(send(post("/api/images", alice, "image/png", Api.photo(64, 48))), 201).getString("id");
        String jobX = json(send(post("/api/video/generate", alice, "application/json",
                ("{\"tryonImageId\":\"" + imageId + "\",\"settings\":{\"duration\":3}}").getBytes())), 202).getString("jobId");
        String jobY = json(send(post("/api/video/generate", alice, "application/json",
                ("{\"tryonImageId\":\"" + imageId + "\",\"settings\":{\"duration\":3}}").getBytes())), 202).getString("jobId");
        JsonObject ticket = json(send(post("/api/video/status/" + jobX + "/ticket", alice, "application/json", new byte[0])), 200);

        var onX = send(HttpRequest.newBuilder(URI.create(ticket.getString("eventsUrl"))).timeout(Duration.ofSeconds(60)).build());
        var onY = send(get("/api/video/status/" + jobY + "/events?ticket=" + ticket.getString("ticket"), null));
        var none = send(get("/api/video/status/" + jobY + "/events", null));

        Api.status(onX, 200);
        assertThat(onX.body()).contains("\"status\":\"completed\"");
        assertProblem(onY, 401, "unauthorized");
        assertProblem(none, 401, "unauthorized");
    }

    @Test
    void servesMediaOnlyWithAGenuineTicket() throws Exception {
        String url = json(send(post("/api/images", alice, "image/png", Api.photo(64, 48))), 201).getString("url");
        String[] parts = url.split("/t/", 2);
        String ticket = parts[1].substring(0, parts[1].indexOf('/'));
        String key = parts[1].substring(ticket.length() + 1);

        Api.status(send(HttpRequest.newBuilder(URI.create(url)).build()), 200);
        Api.status(send(HttpRequest.newBuilder(URI.create(parts[0] + "/t/x" + ticket + "/" + key)).build()), 404);
        Api.status(send(HttpRequest.newBuilder(URI.create(parts[0] + "/" + key)).build()), 404);
    }

    @Test
    void refusesImageUrlsThatReachInsideOurNetwork() throws Exception {
        for (String url : List.of("https://127.0.0.1:19080/health", "https://2130706433/", "https://[::ffff:127.0.0.1]/",
                "https://169.254.169.254/latest/meta-data/", "https://10.0.0.7/x.jpg", "http://example.com/x.jpg", "file:///etc/passwd")) {
            var response = send(post("/api/images", alice, "application/json", ("{\"url\":\"" + url + "\"}").getBytes()));
            assertThat(assertProblem(response, 400, "url-refused").getString("detail")).as(url).isNotBlank();
        }
    }

    @Test
    void verifiesProviderWebhooksBeforeReadingThem() throws Exception {
        byte[] body = "{\"id\":\"prediction-1\",\"status\":\"succeeded\"}".getBytes();
        var replicate = new io.lokiz.kernel.StandardWebhook(LibertyTestServer.REPLICATE_SECRET, java.time.Clock.systemUTC(), Duration.ofMinutes(5));
        String now = Long.toString(Instant.now().getEpochSecond());
        String old = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());

        Api.status(send(webhook("replicate", body, "msg-1", now, replicate.signature("msg-1", now, body))), 204);
        Api.status(send(webhook("replicate", body, "msg-1", now, replicate.signature("msg-1", now, body))), 204);
        assertProblem(send(webhook("replicate", body, "msg-2", now, "v1,AAAA")), 401, "webhook-rejected");
        assertProblem(send(webhook("replicate", "{\"id\":\"other\"}".getBytes(), "msg-1", now, replicate.signature("msg-1", now, body))), 401, "webhook-rejected");
        assertProblem(send(webhook("replicate", body, "msg-3", old, replicate.signature("msg-3", old, body))), 401, "webhook-rejected");
        assertProblem(send(HttpRequest.newBuilder(URI.create(API + "/api/webhooks/fal"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()), 401, "webhook-rejected");
    }

    @Test
    void limitsJobRequestsPerUserAndMinute() throws Exception {
        String hasty = LibertyTestServer.token("hasty-" + System.nanoTime(), "user");
        // Well-formed, so each reaches the door and counts; the image does not exist (404).
        byte[] invalid = "{\"tryonImageId\":\"7a1c1e0e-0000-4000-8000-000000000000\",\"settings\":{\"duration\":3}}".getBytes();
        int refused = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i <= LibertyTestServer.JOBS_PER_MINUTE; i++) {
            last = send(post("/api/video/generate", hasty, "application/json", invalid));
            if (last.statusCode() == 429) {
                refused++;
            }
        }
        // A minute boundary may fall inside the burst, giving one more window; never more.
        assertThat(refused).isLessThanOrEqualTo(1);
        if (refused == 1) {
            assertProblem(last, 429, "rate-limited");
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
        }
        HttpResponse<String> over = send(post("/api/video/generate", hasty, "application/json", invalid));
        for (int i = 0; i < LibertyTestServer.JOBS_PER_MINUTE && over.statusCode() != 429; i++) {
            over = send(post("/api/video/generate", hasty, "application/json", invalid));
        }
        assertProblem(over, 429, "rate-limited");
        assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }

    @Test
    void answersWithSecurityHeadersAndLimitsBodies() throws Exception {
        var response = send(get("/api/video/status/7a1c1e0e-0000-4000-8000-000000000000", alice));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.lokiz");

        byte[] huge = ("{\"tryonImageId\":\"" + "x".repeat(70_000) + "\"}").getBytes();
        assertProblem(send(post("/api/video/generate", alice, "application/json", huge)), 413, "payload-too-large");
    }

    private HttpRequest webhook(String provider, byte[] body, String id, String timestamp, String signature) {
        return HttpRequest.newBuilder(URI.create(API + "/api/webhooks/" + provider))
                .header("webhook-id", id).header("webhook-timestamp", timestamp).header("webhook-signature", signature)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private String awaitVideo(String jobId) throws Exception {
        // The stream ends with the job's final state; no polling, no sleeping.
        var stream = send(get("/api/video/status/" + jobId + "/events", alice));
        assertThat(stream.body()).contains("\"status\":\"completed\"");
        return json(send(get("/api/video/status/" + jobId, alice)), 200).getJsonObject("result").getString("videoId");
    }

    private HttpRequest get(String path, String token) {
        var builder = HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(60));
        return (token == null ? builder : builder.header("Authorization", "Bearer " + token)).build();
    }

    private HttpRequest post(String path, String token, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
