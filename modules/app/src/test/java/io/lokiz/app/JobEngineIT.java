package io.lokiz.app;

import com.sun.net.httpserver.HttpServer;
import io.lokiz.kernel.StandardWebhook;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The job engine's promises to clients, over real HTTP against the real server. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class JobEngineIT {

    static final String API = LibertyTestServer.BASE_URL;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String user = "engine-" + UUID.randomUUID();
    final String token = LibertyTestServer.token(user, "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void answersARepeatedIdempotencyKeyWithTheOriginalJobAndRefusesItForAnotherRequest() throws Exception {
        String image = upload();
        String body = "{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3}}";

        String first = json(send(generate(body, "order-1")), 202).getString("jobId");
        String again = json(send(generate(body, "order-1")), 202).getString("jobId");
        var changed = send(generate("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":4}}", "order-1"));

        assertThat(again).isEqualTo(first);
        assertProblem(changed, 422, "idempotency-key-reused");
        assertThat(json(send(get("/api/credits/entries")), 200).getJsonArray("entries").stream()
                .filter(e -> e.asJsonObject().getString("kind").equals("hold")).count()).isEqualTo(1);
    }

    @Test
    void queuesOneVideoPerTryOnImageHoweverOftenTheEventArrives() throws Exception {
        byte[] png = Api.photo(64, 48);
        HttpServer tryOnService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tryOnService.createContext("/images/t-1.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        tryOnService.start();
        try {
            String tryonImageId = "t-" + UUID.randomUUID();
            byte[] event = ("{\"type\":\"tryon.completed\",\"data\":{\"tryonImageId\":\"" + tryonImageId + "\",\"userId\":\"" + user
                    + "\",\"imageUrl\":\"http://localhost:" + tryOnService.getAddress().getPort() + "/images/t-1.png\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            var signer = new StandardWebhook(LibertyTestServer.TRYON_SECRET, Clock.systemUTC(), Duration.ofMinutes(5));

            List<String> jobs = new java.util.ArrayList<>();
            for (int delivery = 0; delivery < 3; delivery++) {
                String id = "msg-" + delivery;
                String now = Long.toString(Instant.now().getEpochSecond());
                jobs.add(json(send(tryOn(event, id, now, signer.signature(id, now, event))), 202).getString("jobId"));
            }
            assertProblem(send(tryOn(event, "msg-x", Long.toString(Instant.now().getEpochSecond()), "v1,AAAA")), 401, "webhook-rejected");

            assertThat(jobs).containsOnly(jobs.get(0));
            JsonObject job = json(send(get("/api/video/status/" + jobs.get(0))), 200);
            assertThat(job.getJsonObject("settings").getInt("duration")).isEqualTo(4);
        } finally {
            tryOnService.stop(0);
        }
    }

    @Test
    void resumesAStreamFromLastEventIdWithoutGaps() throws Exception {
        String job = json(send(generate("{\"tryonImageId\":\"" + upload() + "\",\"settings\":{\"duration\":3}}", null)), 202)
                .getString("jobId");
        List<Long> all = ids(send(get("/api/video/status/" + job + "/events")).body()); // ends when the job does
        long seen = all.get(0);

        List<Long> resumed = ids(send(HttpRequest.newBuilder(URI.create(API + "/api/video/status/" + job + "/events"))
                .header("Authorization", "Bearer " + token).header("Last-Event-ID", Long.toString(seen))
                .timeout(Duration.ofSeconds(60)).build()).body());

        // Every change after the one the client had, in order, none twice, up to the final one.
        assertThat(resumed).isNotEmpty().isSorted().doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isGreaterThan(seen));
        assertThat(resumed.get(resumed.size() - 1)).isEqualTo(all.get(all.size() - 1));
        assertThat(resumed.get(0)).isEqualTo(seen + 1);
        for (int i = 1; i < resumed.size(); i++) {
            assertThat(resumed.get(i)).isEqualTo(resumed.get(i - 1) + 1);
        }
    }

    @Test
    void keepsAnIdleStreamAliveWithComments() throws Exception {
        // A ten-second 1080p template renders for seconds inside one step, without a progress
        // event: its stream is idle by construction, not by chance.
        var template = HttpRequest.newBuilder(URI.create(API + "/v1/ai/template")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"image_id\":\"" + upload() + "\",\"template\":\"dance\",\"duration\":10,"
                        + "\"resolution\":\"1080p\"}")).build();
        String job = json(send(template), 202).getString("job_id");

        String stream = send(get("/v1/ai/jobs/" + job + "/events")).body();

        assertThat(stream.lines().filter(l -> l.startsWith(":") && l.contains("keep-alive")).count()).isGreaterThanOrEqualTo(2);
        assertThat(stream).contains("\"status\":\"completed\"");
    }

    private static List<Long> ids(String stream) {
        return stream.lines().filter(l -> l.startsWith("id:")).map(l -> Long.parseLong(l.substring(3).trim())).toList();
    }

    private String upload() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(API + "/api/images")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(Api.photo(64, 48))).build();
        return json(send(request), 201).getString("id");
    }

    private HttpRequest generate(String body, String key) {
        var builder = HttpRequest.newBuilder(URI.create(API + "/api/video/generate")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return (key == null ? builder : builder.header("Idempotency-Key", key)).build();
    }

    private HttpRequest tryOn(byte[] event, String id, String timestamp, String signature) {
        return HttpRequest.newBuilder(URI.create(API + "/api/tryon/events")).header("Content-Type", "application/json")
                .header("webhook-id", id).header("webhook-timestamp", timestamp).header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
