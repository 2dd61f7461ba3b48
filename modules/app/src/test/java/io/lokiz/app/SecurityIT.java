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

import static io.lokiz.app.VideoGenerationIT.assertProblem;
import static io.lokiz.app.VideoGenerationIT.json;
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

        assertThat(send(get("/api/video/status/7a1c1e0e-0000-4000-8000-000000000000", null)).statusCode()).isEqualTo(401);
        for (String token : badTokens) {
            var response = send(get("/api/video/status/7a1c1e0e-0000-4000-8000-000000000000", token));
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
    }

    @Test
    void keepsAdminEndpointsForAdmins() throws Exception {
        assertThat(send(get("/api/admin/queue", alice)).statusCode()).isEqualTo(403);

        var overview = json(send(get("/api/admin/queue", LibertyTestServer.token("root", "admin", "user"))), 200);
        assertThat(overview.getJsonObject("jobs")).isNotNull();
    }

    @Test
    void showsOneUsersThingsToNoOtherUser() throws Exception {
        JsonObject image = json(send(post("/api/images", alice, "image/png", VideoGenerationIT.photo(64, 48))), 201);
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
        String imageId = json(send(post("/api/images", alice, "image/png", VideoGenerationIT.photo(64, 48))), 201).getString("id");
        String jobX = json(send(post("/api/video/generate", alice, "application/json",
                ("{\"tryonImageId\":\"" + imageId + "\",\"settings\":{\"duration\":3}}").getBytes())), 202).getString("jobId");
        String jobY = json(send(post("/api/video/generate", alice, "application/json",
                ("{\"tryonImageId\":\"" + imageId + "\",\"settings\":{\"duration\":3}}").getBytes())), 202).getString("jobId");
        JsonObject ticket = json(send(post("/api/video/status/" + jobX + "/ticket", alice, "application/json", new byte[0])), 200);

        var onX = send(HttpRequest.newBuilder(URI.create(ticket.getString("eventsUrl"))).timeout(Duration.ofSeconds(60)).build());
        var onY = send(get("/api/video/status/" + jobY + "/events?ticket=" + ticket.getString("ticket"), null));
        var none = send(get("/api/video/status/" + jobY + "/events", null));

        assertThat(onX.statusCode()).isEqualTo(200);
        assertThat(onX.body()).contains("\"status\":\"completed\"");
        assertProblem(onY, 401, "unauthorized");
        assertProblem(none, 401, "unauthorized");
    }

    @Test
    void servesMediaOnlyWithAGenuineTicket() throws Exception {
        String url = json(send(post("/api/images", alice, "image/png", VideoGenerationIT.photo(64, 48))), 201).getString("url");
        String[] parts = url.split("/t/", 2);
        String ticket = parts[1].substring(0, parts[1].indexOf('/'));
        String key = parts[1].substring(ticket.length() + 1);

        assertThat(send(HttpRequest.newBuilder(URI.create(url)).build()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(parts[0] + "/t/x" + ticket + "/" + key)).build()).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(parts[0] + "/" + key)).build()).statusCode()).isEqualTo(404);
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
