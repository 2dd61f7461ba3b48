package io.lokiz.app;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.UUID;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Credits through a job's whole life, over real HTTP against the real server. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class CreditsIT {

    static final String API = LibertyTestServer.BASE_URL;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String admin = LibertyTestServer.token("root", "admin", "user");
    final String user = "payer-" + UUID.randomUUID();
    final String token = LibertyTestServer.token(user, "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void refusesAJobThatDoesNotFitWith402NamingPriceAndBalance() throws Exception {
        String image = upload(Api.photo(64, 48));
        json(send(post("/api/admin/credits/adjustments", admin,
                "{\"account\":\"" + user + "\",\"amount\":-95,\"reason\":\"test: leave 5\"}")), 201);

        JsonObject problem = assertProblem(send(post("/api/video/generate", token, "{\"tryonImageId\":\"" + image + "\"}")),
                402, "insufficient-credits");

        assertThat(problem.getInt("price")).isEqualTo(10);
        assertThat(problem.getInt("available")).isEqualTo(5);
        assertThat(balance()).isEqualTo(List.of(5L, 0L, 5L));
    }

    @Test
    void acceptsExactlyNineOfAHundredConcurrentSubmissionsOfTenOnNinetyNineCredits() throws Exception {
        String image = upload(Api.photo(64, 48));
        json(send(post("/api/admin/credits/adjustments", admin,
                "{\"account\":\"" + user + "\",\"amount\":-1,\"reason\":\"test: leave 99\"}")), 201);
        var submission = post("/api/video/generate", token, "{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3}}");

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(http.sendAsync(submission, HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Long> byStatus = answers.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertThat(byStatus).containsEntry(202, 9L).containsEntry(402, 91L).hasSize(2);
        JsonObject balance = json(send(get("/api/credits/balance", token)), 200);
        assertThat(balance.getJsonNumber("available").longValue()).isBetween(0L, 9L).isNotNegative();
        assertThat(balance.getJsonNumber("total").longValue()).isLessThanOrEqualTo(99L);
    }

    @Test
    void chargesACompletedJobExactlyOnce() throws Exception {
        String job = generate(upload(Api.photo(64, 48)), "{\"duration\":3}");

        assertThat(finalState(job)).isEqualTo("completed");
        assertThat(balance()).isEqualTo(List.of(90L, 0L, 90L));
        assertThat(kinds()).containsExactly("capture", "hold", "grant");
    }

    @Test
    void releasesTheCreditsOfACanceledJob() throws Exception {
        // A long 1080p job: the cancel arrives while it is still being made.
        String job = generate(upload(Api.photo(1080, 1920)), "{\"duration\":5,\"resolution\":\"1080p\",\"fps\":30}");
        JsonObject canceled = json(send(post("/api/video/jobs/" + job + "/cancel", token, "")), 200);

        assertThat(canceled.getString("status")).isEqualTo("canceled");
        assertThat(finalState(job)).isEqualTo("canceled");
        assertThat(balance()).isEqualTo(List.of(100L, 0L, 100L));
        assertThat(kinds()).containsExactly("release", "hold", "grant");
    }

    @Test
    void letsAnAdminSeeAJobOnTheQueueBoardCancelItAndReturnItsCredits() throws Exception {
        String job = generate(upload(Api.photo(1080, 1920)), "{\"duration\":5,\"resolution\":\"1080p\",\"fps\":30}");
        JsonObject board = json(send(get("/api/admin/queue", admin)), 200);

        assertThat(board.getInt("maxActive")).isEqualTo(10);
        assertThat(board.getInt("maxQueued")).isEqualTo(100);
        assertThat(board.getInt("queued")).isEqualTo(board.getInt("active") + board.getInt("waiting")).isPositive();
        assertThat(board.getJsonArray("unended").stream().map(JsonValue::asJsonObject))
                .anySatisfy(line -> assertThat(line.getString("id") + " " + line.getString("owner")).isEqualTo(job + " " + user));
        assertThat(send(post("/api/admin/queue/jobs/" + job + "/cancel", token, "")).statusCode()).as("users may not").isEqualTo(403);

        JsonObject canceled = json(send(post("/api/admin/queue/jobs/" + job + "/cancel", admin, "")), 200);
        assertThat(canceled.getString("state")).isEqualTo("canceled");
        assertThat(finalState(job)).isEqualTo("canceled");
        assertThat(balance()).isEqualTo(List.of(100L, 0L, 100L));
        assertThat(json(send(post("/api/admin/queue/jobs/" + job + "/cancel", admin, "")), 200).getString("state"))
                .as("an ended job stays as it ended").isEqualTo("canceled");
        assertProblem(send(post("/api/admin/queue/jobs/" + UUID.randomUUID() + "/cancel", admin, "")), 404, "job-not-found");
    }

    @Test
    void showsAnAdminAnAccountsBalanceAndLedgerWithoutGrantingAnythingByLooking() throws Exception {
        String stranger = "nobody-" + UUID.randomUUID();
        JsonObject unknown = json(send(get("/api/admin/credits/accounts/" + stranger, admin)), 200);
        assertThat(unknown.getJsonObject("balance").getInt("available")).isZero();
        assertThat(unknown.getJsonArray("entries")).isEmpty();
        assertThat(json(send(get("/api/admin/credits/accounts/" + stranger, admin)), 200).getJsonArray("entries")).as("still nothing").isEmpty();

        balance(); // the user's first look: the welcome grant
        json(send(post("/api/admin/credits/adjustments", admin, "{\"account\":\"" + user + "\",\"amount\":-7,\"reason\":\"chargeback\"}")), 201);
        JsonObject account = json(send(get("/api/admin/credits/accounts/" + user + "?limit=1", admin)), 200);

        assertThat(account.getJsonObject("balance").getInt("available")).isEqualTo(93);
        assertThat(account.getJsonArray("entries")).hasSize(1);
        JsonObject newest = account.getJsonArray("entries").getJsonObject(0);
        assertThat(newest.getString("kind") + " " + newest.getInt("availableDelta") + " " + newest.getString("reason")).isEqualTo("adjust -7 chargeback");
        JsonObject older = json(send(get("/api/admin/credits/accounts/" + user + "?before=" + account.getJsonNumber("next"), admin)), 200);
        assertThat(older.getJsonArray("entries").stream().map(e -> e.asJsonObject().getString("kind"))).containsExactly("grant");
        assertThat(send(get("/api/admin/credits/accounts/" + user, token)).statusCode()).as("users may not").isEqualTo(403);
        assertProblem(send(get("/api/admin/credits/accounts/" + "a".repeat(201), admin)), 400, "invalid-request");
        assertProblem(send(get("/api/admin/credits/accounts/" + user + "?limit=0", admin)), 400, "invalid-request");
        assertProblem(send(get("/api/admin/credits/accounts/" + user + "?limit=201", admin)), 400, "invalid-request");
        assertProblem(send(get("/api/admin/credits/accounts/" + user + "?before=yesterday", admin)), 400, "invalid-request");
    }

    @Test
    void chargesNothingForAnImageThatCannotBeDecoded() throws Exception {
        var refused = send(HttpRequest.newBuilder(URI.create(API + "/api/images")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(corruptPng())).build());

        // Decoded whole at upload, so no job ever starts from it (a provider's refusal: FalIT).
        assertProblem(refused, 422, "image-unreadable");
        assertThat(balance()).isEqualTo(List.of(100L, 0L, 100L));
        assertThat(kinds()).containsExactly("grant");
    }

    @Test
    void letsAdminsGrantExpiringCreditsAndSetPricesButNotUsers() throws Exception {
        Api.status(send(post("/api/admin/credits/grants", token, "{\"account\":\"" + user + "\",\"amount\":5}")), 403);
        assertProblem(send(post("/api/admin/credits/adjustments", admin, "{\"account\":\"" + user + "\",\"amount\":5}")), 400, "invalid-request");
        assertProblem(send(put("/api/admin/prices", admin, "{\"teleport\":5}")), 400, "invalid-request");

        var grant = HttpRequest.newBuilder(URI.create(API + "/api/admin/credits/grants")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").header("Idempotency-Key", "bonus-" + user)
                .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"" + user + "\",\"amount\":25,\"expiresAt\":\"2099-01-01T00:00:00Z\"}")).build();
        json(send(grant), 201);
        json(send(grant), 201); // the same Idempotency-Key grants once
        JsonObject prices = json(send(get("/api/admin/prices", admin)), 200);

        assertThat(balance()).isEqualTo(List.of(125L, 0L, 125L));
        assertThat(prices.getInt("glitch_animate")).isEqualTo(30);
        assertThat(prices.getInt("music")).isEqualTo(5);
    }

    private String upload(byte[] image) throws Exception {
        String type = image.length > 3 && image[1] == 'P' ? "image/png" : "image/jpeg";
        var request = HttpRequest.newBuilder(URI.create(API + "/api/images")).header("Authorization", "Bearer " + token)
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
        return json(send(request), 201).getString("id");
    }

    private String generate(String image, String settings) throws Exception {
        String body = "{\"tryonImageId\":\"" + image + "\"" + (settings == null ? "" : ",\"settings\":" + settings) + "}";
        return json(send(post("/api/video/generate", token, body)), 202).getString("jobId");
    }

    /** The stream ends after the final state: no sleeping, no polling. */
    private String finalState(String job) throws Exception {
        send(get("/api/video/status/" + job + "/events", token));
        return json(send(get("/api/video/status/" + job, token)), 200).getString("status");
    }

    private List<Long> balance() throws Exception {
        JsonObject b = json(send(get("/api/credits/balance", token)), 200);
        return List.of(b.getJsonNumber("available").longValue(), b.getJsonNumber("held").longValue(), b.getJsonNumber("total").longValue());
    }

    private List<String> kinds() throws Exception {
        return json(send(get("/api/credits/entries", token)), 200).getJsonArray("entries").stream()
                .map(e -> e.asJsonObject().getString("kind")).toList();
    }

    /** A PNG whose header is fine (so it is accepted) and whose pixels no decoder can read. */
    static byte[] corruptPng() throws Exception {
        byte[] png = Api.photo(64, 48);
        ByteBuffer buffer = ByteBuffer.wrap(png);
        for (int i = 40; i < png.length - 12; i++) {
            buffer.put(i, (byte) 0x5A);
        }
        return png;
    }

    private HttpRequest get(String path, String bearer) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(90)).build();
    }

    private HttpRequest post(String path, String bearer, String json) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest put(String path, String bearer, String json) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
