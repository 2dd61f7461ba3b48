package io.lokiz.app;

import com.standardwebhooks.Webhook;
import io.lokiz.testing.WebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer's backend hears about every job: endpoints kept by admins, each delivery signed
 * the Standard Webhooks way and checked here with the reference library (never with ours), retried
 * on the schedule, honouring what receivers say (Retry-After, 410 Gone), one slow receiver holding
 * up no other, and a delivery log admins can replay from.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class OutboundWebhooksIT {

    static final String API = LibertyTestServer.BASE_URL;
    static final Duration SOON = Duration.ofSeconds(10);
    /** What endpoints that are sent test events ask for: the rarest event, so that nothing else comes meanwhile. */
    static final String ONLY_TESTS = "[\"provider.budget_exhausted\"]";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String admin = LibertyTestServer.token("webhook-admin", "admin");
    final String account = "hooked-" + UUID.randomUUID();
    final String user = LibertyTestServer.token(account, "user");
    final List<String> endpoints = new ArrayList<>();
    final List<WebhookReceiver> receivers = new ArrayList<>();

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    /** Endpoints are everyone's: the ones made here go, so that other tests' events are not sent to receivers that left. */
    @AfterEach
    void removeEndpoints() throws Exception {
        for (String id : endpoints) {
            send(request("DELETE", "/api/admin/webhooks/endpoints/" + id, admin, null));
        }
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void anEndpointShowsItsSecretOnceAndHearsOfEveryJobEndSignedTheStandardWay() throws Exception {
        WebhookReceiver receiver = receiver();
        JsonObject made = create(receiver.url(), "[\"job.completed\",\"job.canceled\",\"job.failed\"]");
        String secret = made.getString("secret");
        assertThat(secret).startsWith("whsec_");
        JsonObject shown = json(send(request("GET", "/api/admin/webhooks/endpoints/" + made.getString("id"), admin, null)), 200);
        assertThat(shown.containsKey("secret")).as("the secret is shown once").isFalse();
        assertThat(shown.getJsonArray("events")).hasSize(3);
        assertThat(json(send(request("GET", "/api/admin/webhooks/endpoints", admin, null)), 200).getJsonArray("endpoints").toString())
                .contains(made.getString("id")).doesNotContain(secret);

        String finished = json(send(request("POST", "/v1/ai/music", user, "{\"prompt\":\"Upbeat electronic beat\",\"duration\":2}")), 202)
                .getString("job_id");
        String canceled = json(send(request("POST", "/v1/ai/music", user, "{\"prompt\":\"never mind\",\"duration\":30}")), 202)
                .getString("job_id");
        json(send(request("POST", "/v1/ai/jobs/" + canceled + "/cancel", user, null)), 200);

        // Endpoints hear of every user's jobs: other tests' may end meanwhile.
        Map<String, WebhookReceiver.Delivery> ends = new HashMap<>();
        while (!ends.keySet().containsAll(List.of(finished, canceled))) {
            WebhookReceiver.Delivery next = receiver.next(Duration.ofSeconds(90));
            assertThat(next).as("both job ends arrive").isNotNull();
            ends.put(event(next).getJsonObject("data").getString("id", ""), next);
        }
        WebhookReceiver.Delivery completion = ends.get(finished);
        WebhookReceiver.Delivery cancel = ends.get(canceled);
        for (WebhookReceiver.Delivery delivery : List.of(completion, cancel)) {
            verified(delivery, secret);
            assertThat(delivery.header("content-type")).startsWith("application/json");
            assertThat(delivery.header("webhook-id")).startsWith("msg_");
        }
        JsonObject done = event(completion);
        assertThat(done.getString("type")).isEqualTo("job.completed");
        assertThat(Instant.parse(done.getString("timestamp"))).isBefore(Instant.now());
        JsonObject job = done.getJsonObject("data");
        assertThat(job.getString("id")).isEqualTo(finished);
        assertThat(job.getString("user_id")).isEqualTo(account);
        assertThat(job.getString("job_type")).isEqualTo("music");
        assertThat(job.getString("status")).isEqualTo("completed");
        String audio = job.getJsonObject("output_data").getString("audio_url");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(audio)).build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode())
                .as("the URL in a delivery works, made when it was sent").isEqualTo(200);
        JsonObject asApiShowsIt = json(send(request("GET", "/v1/ai/jobs/" + finished, user, null)), 200);
        assertThat(job.keySet()).as("the plan's shape of GET /v1/ai/jobs/{id}").isEqualTo(asApiShowsIt.keySet());

        JsonObject stopped = event(cancel);
        assertThat(stopped.getString("type")).isEqualTo("job.canceled");
        assertThat(stopped.getJsonObject("data").getString("id")).isEqualTo(canceled);
        assertThat(stopped.getJsonObject("data").getString("status")).isEqualTo("canceled");
    }

    @Test
    void aFailedAttemptIsTriedAgainUnderTheSameIdAndTheLogShowsEachAttempt() throws Exception {
        WebhookReceiver receiver = receiver();
        JsonObject made = create(receiver.url(), ONLY_TESTS);
        receiver.answer(500, "{\"error\":\"database is down\"}", null);

        String message = test(made, 1).get(0);
        WebhookReceiver.Delivery first = receiver.next(SOON);
        WebhookReceiver.Delivery second = receiver.next(Duration.ofSeconds(15));

        assertThat(second).as("tried again about 5 s later").isNotNull();
        assertThat(Duration.between(first.at(), second.at())).isBetween(Duration.ofMillis(4000), Duration.ofMillis(7000));
        assertThat(first.header("webhook-id")).isEqualTo(message).isEqualTo(second.header("webhook-id"));
        assertThat(first.body()).as("the event is the same; only its signature's timestamp is new").isEqualTo(second.body());
        verified(second, made.getString("secret"));
        assertThat(event(second).getString("type")).isEqualTo("webhook.test");

        JsonObject logged = awaitLog(made, d -> d.getString("state").equals("delivered"));
        assertThat(logged.getString("messageId")).isEqualTo(message);
        var attempts = logged.getJsonArray("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.getJsonObject(0).getInt("status")).isEqualTo(500);
        assertThat(attempts.getJsonObject(0).getString("answer")).isEqualTo("{\"error\":\"database is down\"}");
        assertThat(attempts.getJsonObject(1).getInt("status")).isEqualTo(204);
        assertThat(attempts.getJsonObject(1).getJsonNumber("latencyMillis").longValue()).isNotNegative();
        assertThat(json(send(request("GET", "/api/admin/webhooks/endpoints/" + made.getString("id"), admin, null)), 200)
                .containsKey("failingSince")).as("one success and the endpoint is well again").isFalse();
    }

    @Test
    void aReceiverThatAsksForTimeWithRetryAfterIsAskedAgainWhenItSaid() throws Exception {
        WebhookReceiver receiver = receiver();
        JsonObject made = create(receiver.url(), ONLY_TESTS);
        receiver.answer(503, "{}", "1");

        test(made, 1);
        WebhookReceiver.Delivery first = receiver.next(SOON);
        WebhookReceiver.Delivery second = receiver.next(SOON);

        assertThat(Duration.between(first.at(), second.at())).as("after the second it asked for, not the schedule's 5")
                .isBetween(Duration.ofMillis(900), Duration.ofMillis(3500));
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneSoTheReceiverCanSwitch() throws Exception {
        WebhookReceiver receiver = receiver();
        JsonObject made = create(receiver.url(), ONLY_TESTS);
        JsonObject rotated = json(send(request("POST", "/api/admin/webhooks/endpoints/" + made.getString("id") + "/rotate-secret", admin, null)), 200);
        assertThat(rotated.getString("secret")).startsWith("whsec_").isNotEqualTo(made.getString("secret"));
        assertThat(Instant.parse(rotated.getString("previousSecretExpiresAt"))).isAfter(Instant.now().plus(Duration.ofHours(23)));

        test(made, 1);
        WebhookReceiver.Delivery delivery = receiver.next(SOON);

        assertThat(delivery.header("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        verified(delivery, made.getString("secret"));
        verified(delivery, rotated.getString("secret"));
    }

    @Test
    void goneDisablesTheEndpointSaysWhyAndAReplayAfterEnablingSendsWhatFailed() throws Exception {
        WebhookReceiver receiver = receiver();
        JsonObject made = create(receiver.url(), ONLY_TESTS);
        String id = made.getString("id");
        receiver.answer(410, "{\"error\":\"this hook was removed\"}", null);
        Instant before = Instant.now().minusSeconds(1);

        String message = test(made, 1).get(0);
        assertThat(receiver.next(SOON)).isNotNull();
        JsonObject disabled = awaitEndpoint(id, e -> !e.getBoolean("enabled"));
        assertThat(disabled.getString("disabledReason")).isEqualTo("answered 410 Gone");
        assertThat(disabled.getString("disabledAt")).isNotBlank();
        assertProblem(send(request("POST", "/api/admin/webhooks/endpoints/" + id + "/test", admin, "{}")), 409, "webhook-endpoint-disabled");
        assertProblem(send(request("POST", "/api/admin/webhooks/endpoints/" + id + "/replay", admin, "{\"since\":\"" + before + "\"}")), 409,
                "webhook-endpoint-disabled");
        assertProblem(send(request("POST", "/api/admin/webhooks/endpoints/" + id + "/deliveries/" + message + "/replay", admin, null)), 409,
                "webhook-endpoint-disabled");

        JsonObject enabled = json(send(request("PATCH", "/api/admin/webhooks/endpoints/" + id, admin, "{\"enabled\":true}")), 200);
        assertThat(enabled.getBoolean("enabled")).isTrue();
        assertThat(enabled.containsKey("disabledReason")).isFalse();
        JsonObject replayed = json(send(request("POST", "/api/admin/webhooks/endpoints/" + id + "/replay", admin,
                "{\"since\":\"" + before + "\"}")), 202);
        assertThat(replayed.getInt("replayed")).isEqualTo(1);
        WebhookReceiver.Delivery again = receiver.next(SOON);
        assertThat(again.header("webhook-id")).as("a replay is the same message").isEqualTo(message);

        awaitLog(made, d -> d.getString("state").equals("delivered"));
        Api.status(send(request("POST", "/api/admin/webhooks/endpoints/" + id + "/deliveries/" + message + "/replay", admin, null)), 202);
        assertThat(receiver.next(SOON).header("webhook-id")).isEqualTo(message);
    }

    @Test
    void aSlowReceiverDelaysNoOtherEndpoint() throws Exception {
        WebhookReceiver slow = receiver();
        WebhookReceiver quick = receiver();
        JsonObject stuck = create(slow.url(), ONLY_TESTS);
        JsonObject fine = create(quick.url(), ONLY_TESTS);
        for (int i = 0; i < 40; i++) {
            slow.hang(Duration.ofSeconds(8));
        }

        test(stuck, 40);
        Instant sent = Instant.now();
        test(fine, 1);
        WebhookReceiver.Delivery delivery = quick.next(SOON);

        assertThat(delivery).isNotNull();
        assertThat(Duration.between(sent, delivery.at())).as("not behind the 40 waiting on the slow one").isLessThan(Duration.ofSeconds(3));
        assertThat(slow.waiting()).as("the slow one has its own lane's worth in flight, no more").isBetween(1, 16);
    }

    @Test
    void aReceiverThatWasDownGetsEverythingAfterward() throws Exception {
        int port;
        try (var free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        JsonObject made = create("http://localhost:" + port + "/hooks", ONLY_TESTS);
        List<String> messages = test(made, 5);
        JsonObject refused = awaitLog(made, d -> !d.getJsonArray("attempts").isEmpty());
        assertThat(refused.getJsonArray("attempts").getJsonObject(0).containsKey("status")).as("no answer, no status").isFalse();
        assertThat(refused.getJsonArray("attempts").getJsonObject(0).getString("answer")).startsWith("no answer");

        WebhookReceiver receiver = WebhookReceiver.on(port); // back up
        receivers.add(receiver);
        List<String> arrived = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            WebhookReceiver.Delivery d = receiver.next(Duration.ofSeconds(15));
            assertThat(d).as("message " + i + " of 5").isNotNull();
            arrived.add(d.header("webhook-id"));
        }
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(messages);
    }

    @Test
    void aBurstOfTestsArrivesWholeAndTheLogPagesThroughIt() throws Exception {
        WebhookReceiver receiver = receiver();
        JsonObject made = create(receiver.url(), ONLY_TESTS);
        List<String> messages = test(made, 120);
        for (int i = 0; i < 120; i++) {
            assertThat(receiver.next(SOON)).as("delivery " + i).isNotNull();
        }
        String path = "/api/admin/webhooks/endpoints/" + made.getString("id") + "/deliveries?limit=50";
        List<String> logged = new ArrayList<>();
        String next = null;
        do {
            JsonObject page = json(send(request("GET", path + (next == null ? "" : "&before=" + next), admin, null)), 200);
            page.getJsonArray("deliveries").forEach(d -> logged.add(d.asJsonObject().getString("messageId")));
            next = page.getString("next", null);
        } while (next != null);
        assertThat(logged).containsExactlyInAnyOrderElementsOf(messages);
        assertProblem(send(request("GET", path + "&state=lost", admin, null)), 400, "invalid-request");
    }

    @Test
    void aUserWhoseCreditsRunLowIsToldOnce() throws Exception {
        WebhookReceiver receiver = receiver();
        create(receiver.url(), "[\"credits.low\"]");
        json(send(request("POST", "/api/admin/credits/adjustments", admin,
                "{\"account\":\"" + account + "\",\"amount\":-85,\"reason\":\"spent elsewhere\"}")), 201); // 100 welcome credits → 15
        json(send(request("POST", "/api/admin/credits/adjustments", admin,
                "{\"account\":\"" + account + "\",\"amount\":-5,\"reason\":\"and more\"}")), 201); // already low: nothing new

        JsonObject low = ofThisAccount(receiver, SOON);
        assertThat(low.getString("type")).isEqualTo("credits.low");
        assertThat(low.getJsonObject("data").getInt("available")).isEqualTo(15);
        assertThat(low.getJsonObject("data").getInt("threshold")).isEqualTo(20);
        assertThat(ofThisAccount(receiver, Duration.ofSeconds(2))).as("told once").isNull();
    }

    /** The next credits.low of this test's account; other tests' users run low too. */
    private JsonObject ofThisAccount(WebhookReceiver receiver, Duration within) {
        for (WebhookReceiver.Delivery d; (d = receiver.next(within)) != null; ) {
            if (event(d).getJsonObject("data").getString("user_id").equals(account)) {
                return event(d);
            }
        }
        return null;
    }

    @Test
    void endpointsAreHttpsToPublicAddressesForKnownEventsOnly() throws Exception {
        for (String url : List.of("http://127.0.0.1:9/hooks", "http://10.0.0.8/hooks", "https://169.254.169.254/latest", "ftp://example.com/x",
                "https://user:secret@example.com/hooks")) {
            assertProblem(send(request("POST", "/api/admin/webhooks/endpoints", admin,
                    "{\"url\":\"" + url + "\",\"events\":[\"job.completed\"]}")), 400, "url-refused");
        }
        assertProblem(send(request("POST", "/api/admin/webhooks/endpoints", admin,
                "{\"url\":\"http://localhost:9/hooks\",\"events\":[\"job.finished\"]}")), 400, "invalid-request");
        assertProblem(send(request("POST", "/api/admin/webhooks/endpoints", admin,
                "{\"url\":\"http://localhost:9/hooks\",\"events\":[]}")), 400, "invalid-request");
        assertProblem(send(request("POST", "/api/admin/webhooks/endpoints", user,
                "{\"url\":\"http://localhost:9/hooks\",\"events\":[\"job.completed\"]}")), 403, "forbidden");
        String support = LibertyTestServer.token("webhook-support", "support");
        JsonObject made = create("http://localhost:9/hooks", "[\"job.completed\"]");
        json(send(request("GET", "/api/admin/webhooks/endpoints/" + made.getString("id") + "/deliveries", support, null)), 200);
        Api.status(send(request("DELETE", "/api/admin/webhooks/endpoints/" + made.getString("id"), admin, null)), 204);
        assertProblem(send(request("GET", "/api/admin/webhooks/endpoints/" + made.getString("id"), admin, null)), 404, "webhook-endpoint-not-found");
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start();
        receivers.add(receiver);
        return receiver;
    }

    private JsonObject create(String url, String events) throws Exception {
        var answer = send(request("POST", "/api/admin/webhooks/endpoints", admin,
                "{\"url\":\"" + url + "\",\"events\":" + events + ",\"description\":\"a test receiver\"}"));
        JsonObject made = json(answer, 201);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(made.getString("id")));
        endpoints.add(made.getString("id"));
        return made;
    }

    private List<String> test(JsonObject endpoint, int count) throws Exception {
        return json(send(request("POST", "/api/admin/webhooks/endpoints/" + endpoint.getString("id") + "/test", admin,
                count == 1 ? "{}" : "{\"count\":" + count + "}")), 202)
                .getJsonArray("messages").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }

    /** The reference library's verdict on a delivery: it throws unless one signature is the secret's. */
    private static void verified(WebhookReceiver.Delivery delivery, String secret) throws Exception {
        new Webhook(secret).verify(delivery.body(), delivery.headers());
    }

    private static JsonObject event(WebhookReceiver.Delivery delivery) {
        assertThat(delivery).as("a delivery arrived").isNotNull();
        return Json.createReader(new StringReader(delivery.body())).readObject();
    }

    private JsonObject awaitLog(JsonObject endpoint, Predicate<JsonObject> until) throws Exception {
        String path = "/api/admin/webhooks/endpoints/" + endpoint.getString("id") + "/deliveries";
        return Api.eventually("a delivery logged so", SOON, () -> json(send(request("GET", path, admin, null)), 200).getJsonArray("deliveries").stream()
                .map(d -> d.asJsonObject()).filter(until).findFirst().orElse(null));
    }

    private JsonObject awaitEndpoint(String id, Predicate<JsonObject> until) throws Exception {
        return Api.eventually("the endpoint so", SOON, () -> {
            JsonObject e = json(send(request("GET", "/api/admin/webhooks/endpoints/" + id, admin, null)), 200);
            return until.test(e) ? e : null;
        });
    }

    private HttpRequest request(String method, String path, String token, String json) {
        var request = HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        if (json == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
