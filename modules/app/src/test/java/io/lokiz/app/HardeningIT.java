package io.lokiz.app;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile but authenticated caller finds, over real HTTP against the real server: numbers
 * are refused, never wrapped; keys mean one request; costly doors have limits; nothing the
 * server answers is an HTML page or a class name.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class HardeningIT {

    static final String API = LibertyTestServer.BASE_URL;

    /** Each wrapped, truncated or quietly converted before; each must be a 400 now. */
    static final List<String> BAD_NUMBERS = List.of("18446744073709551615", "99999999999999999999999", "18446744073709551621",
            "9223372036854775807", "-9223372036854775808", "4294967306", "4294967300", "1.5", "4.9", "\"4\"", "1e400",
            "true", "[4]", "{}");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String admin = LibertyTestServer.token("root", "admin", "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void refusesEveryNumberThatDoesNotFitItsFieldAndChangesNothing() throws Exception {
        String account = "numbers-" + UUID.randomUUID();
        String user = LibertyTestServer.token(account, "user");
        String image = json(send(post("/api/images", user, "image/png", Api.photo(64, 48))), 201).getString("id");
        String ledgerBefore = ledger(user);
        String pricesBefore = send(get("/api/admin/prices", admin)).body();

        for (String value : BAD_NUMBERS) {
            expectInvalid(post("/api/video/generate", user, "{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":" + value + "}}"),
                    "settings.duration", value);
            expectInvalid(post("/api/video/generate", user, "{\"tryonImageId\":\"" + image + "\",\"settings\":{\"fps\":" + value + "}}"),
                    "settings.fps", value);
            expectInvalid(post("/api/admin/credits/grants", admin, "{\"account\":\"" + account + "\",\"amount\":" + value + "}"),
                    "amount", value);
            expectInvalid(post("/api/admin/credits/adjustments", admin,
                    "{\"account\":\"" + account + "\",\"amount\":" + value + ",\"reason\":\"probe\"}"), "amount", value);
            expectInvalid(put("/api/admin/prices", admin, "{\"video_preview\":" + value + "}"), "video_preview", value);
            expectInvalid(get("/api/credits/entries?limit=" + URLEncoder.encode(value, StandardCharsets.UTF_8), user), "limit", value);
        }
        for (String value : List.of("18446744073709551615", "9223372036854775808", "1.5", "\"4\"", "1e3", "abc")) {
            expectInvalid(get("/api/credits/entries?before=" + URLEncoder.encode(value, StandardCharsets.UTF_8), user), "before", value);
        }

        assertThat(ledger(user)).isEqualTo(ledgerBefore);
        assertThat(send(get("/api/admin/prices", admin)).body()).isEqualTo(pricesBefore);
    }

    @Test
    void takesStringsOnlyAsStringsAndBooleansOnlyAsBooleans() throws Exception {
        String account = "types-" + UUID.randomUUID();
        String user = LibertyTestServer.token(account, "user");
        String image = json(send(post("/api/images", user, "image/png", Api.photo(64, 48))), 201).getString("id");
        String ledgerBefore = ledger(user);

        String[][] cases = {
                {"{\"tryonImageId\":\"" + image + "\",\"settings\":{\"enableHLS\":\"yes\"}}", "settings.enableHLS"},
                {"{\"tryonImageId\":\"" + image + "\",\"settings\":{\"enableHLS\":1}}", "settings.enableHLS"},
                {"{\"tryonImageId\":\"" + image + "\",\"settings\":{\"enableBranding\":\"false\"}}", "settings.enableBranding"},
                {"{\"tryonImageId\":\"" + image + "\",\"settings\":{\"resolution\":720}}", "settings.resolution"},
                {"{\"tryonImageId\":\"" + image + "\",\"settings\":\"fast\"}", "settings"},
                {"{\"tryonImageId\":123}", "tryonImageId"},
                {"{\"tryonImageId\":\"" + image + "\",\"setings\":{\"duration\":3}}", "setings"},
                {"[\"" + image + "\"]", "body"},
                {"{\"tryonImageId\":\"" + image + "\",\"tryonImageId\":\"" + image + "\"}", "body"}};
        for (String[] c : cases) {
            var problem = assertProblem(send(post("/api/video/generate", user, c[0])), 400, "invalid-request");
            assertThat(problem.getString("field")).as(c[0]).isEqualTo(c[1]);
        }
        expectInvalid(post("/api/admin/credits/grants", admin, "{\"account\":\"" + account + "\",\"amount\":5,\"reason\":5}"), "reason", "5");
        expectInvalid(post("/api/admin/credits/grants", admin, "{\"account\":\"" + account + "\",\"amount\":5,\"expiresAt\":\"tomorrow\"}"),
                "expiresAt", "tomorrow");
        expectInvalid(post("/api/admin/credits/grants", admin, "{\"account\":[\"" + account + "\"],\"amount\":5}"), "account", "an array");

        assertThat(ledger(user)).isEqualTo(ledgerBefore);
    }

    @Test
    void answersARepeatedKeyLikeTheFirstTimeAndRefusesItForAnotherRequest() throws Exception {
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        String firstUser = LibertyTestServer.token(first, "user");
        String secondUser = LibertyTestServer.token(second, "user");
        ledger(firstUser);
        String secondBefore = ledger(secondUser);
        String key = "grant-" + UUID.randomUUID();
        String grant = "{\"account\":\"" + first + "\",\"amount\":7,\"reason\":\"welcome back\"}";

        JsonObject entry = json(send(keyed(post("/api/admin/credits/grants", admin, grant), key)), 201);
        JsonObject again = json(send(keyed(post("/api/admin/credits/grants", admin, grant), key)), 201);
        String firstAfter = ledger(firstUser);
        assertProblem(send(keyed(post("/api/admin/credits/grants", admin, "{\"account\":\"" + second + "\",\"amount\":500}"), key)),
                422, "idempotency-key-reused");
        assertProblem(send(keyed(post("/api/admin/credits/adjustments", admin,
                "{\"account\":\"" + first + "\",\"amount\":-7,\"reason\":\"undo\"}"), key)), 422, "idempotency-key-reused");

        assertThat(again.getJsonNumber("id")).isEqualTo(entry.getJsonNumber("id"));
        assertThat(json(send(get("/api/credits/balance", firstUser)), 200).getInt("available")).isEqualTo(100 + 7);
        assertThat(ledger(firstUser)).isEqualTo(firstAfter);
        assertThat(ledger(secondUser)).isEqualTo(secondBefore);

        // Keys are the admin's own: another admin's identical key is another request.
        String otherAdmin = LibertyTestServer.token("root-2", "admin", "user");
        json(send(keyed(post("/api/admin/credits/grants", otherAdmin, "{\"account\":\"" + second + "\",\"amount\":3}"), key)), 201);
        assertThat(json(send(get("/api/credits/balance", secondUser)), 200).getInt("available")).isEqualTo(100 + 3);

        assertProblem(send(keyed(post("/api/admin/credits/grants", admin, grant), "")), 400, "invalid-request");
        assertProblem(send(keyed(post("/api/admin/credits/grants", admin, grant), "k".repeat(201))), 400, "invalid-request");
    }

    @Test
    void limitsUploadsAndImportsPerUserAcrossOneDoor() throws Exception {
        String flooder = LibertyTestServer.token("flooder-" + UUID.randomUUID(), "user");
        String bystander = LibertyTestServer.token("bystander-" + UUID.randomUUID(), "user");
        int perMinute = 30; // lokiz.rate-limit.uploads-per-minute's default

        // Refused or not, each request costs: half are uploads of junk, half imports of refused URLs.
        // Sent until the door closes with time left in its window (Retry-After >= 5 s), so that the
        // requests after it fall into that same window wherever the minute boundaries lie.
        // Bounded by time, not by a count: on a loaded machine a window may pass before it fills.
        int firstRefusal = -1;
        HttpResponse<String> closed = null;
        var seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        for (int i = 0; closed == null && System.nanoTime() < deadline; i++) {
            var answer = i % 2 == 0
                    ? send(post("/api/images", flooder, "text/plain", "junk".getBytes()))
                    : send(post("/api/images", flooder, "{\"url\":\"http://10.0.0.1/x.jpg\"}"));
            if (answer.statusCode() != 429) {
                assertThat(answer.statusCode()).as(answer.body()).isIn(400, 415);
                continue;
            }
            String retryAfter = answer.headers().firstValue("Retry-After").orElseThrow();
            seen.append(i).append(':').append(retryAfter).append(' ');
            firstRefusal = firstRefusal < 0 ? i : firstRefusal;
            if (Long.parseLong(retryAfter) >= 5) {
                closed = answer;
            }
        }
        assertThat(closed).as("the upload door closes; refusals (request:Retry-After) %s", seen).isNotNull();
        assertThat(firstRefusal).as("requests let through before it closes").isGreaterThanOrEqualTo(perMinute);
        var upload = send(post("/api/images", flooder, "image/png", Api.photo(64, 48)));
        var importing = send(post("/api/images", flooder, "{\"url\":\"http://localhost:19080/health\"}"));

        for (var refused : List.of(upload, importing)) {
            assertProblem(refused, 429, "rate-limited");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        }
        Api.status(send(post("/api/images", bystander, "image/png", Api.photo(64, 48))), 201);
    }

    @Test
    void keepsEachUserWithinTheirStorageQuota() throws Exception {
        String hoarder = LibertyTestServer.token("hoarder-" + UUID.randomUUID(), "user");
        byte[] large = noise(1100, 1100); // about 3.6 MB: two fit into 10 MB, three do not
        assertThat(large.length).isBetween(3_000_000, 4 * 1024 * 1024);

        json(send(post("/api/images", hoarder, "image/png", large)), 201);
        json(send(post("/api/images", hoarder, "image/png", large)), 201);
        var refused = assertProblem(send(post("/api/images", hoarder, "image/png", large)), 413, "storage-quota-exceeded");

        // What counts is what is stored: the picture as re-encoded at upload, about the size sent.
        long quota = refused.getJsonNumber("quotaBytes").longValue();
        long used = refused.getJsonNumber("usedBytes").longValue();
        long size = refused.getJsonNumber("sizeBytes").longValue();
        assertThat(quota).isEqualTo(LibertyTestServer.QUOTA_MB * 1024L * 1024L);
        assertThat(used).isEqualTo(2 * size).isLessThanOrEqualTo(quota);
        assertThat(used + size).isGreaterThan(quota);
        assertThat(refused.getString("detail")).contains("quota");
        json(send(post("/api/images", hoarder, "image/png", Api.photo(64, 48))), 201); // what fits, fits
        json(send(post("/api/images", LibertyTestServer.token("other-" + UUID.randomUUID(), "user"), "image/png", large)), 201);
    }

    @Test
    void answersProblemsWithSecurityHeadersForWhatTheContainerRefuses() throws Exception {
        for (String path : List.of("/api/%2e%2e/admin/queue", "/api/video/%2E%2E/x", "/api/a%5cb", "/api/a%2fb")) {
            Raw answer = raw("GET " + path + " HTTP/1.1");
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.head()).as(path).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(answer.body()).as(path).contains("\"type\":\"https://lokiz.io/problems/invalid-uri\"");
            assertSecurityHeaders(answer);
        }
        // Refused by Liberty's web container before any application runs; it writes these answers
        // itself (see the note on issue 14). What we can promise: the headers, and no internals.
        for (String path : List.of("/api/a%00b", "/api/..;/admin/queue")) {
            Raw answer = raw("GET " + path + " HTTP/1.1");
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertSecurityHeaders(answer);
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("java.").doesNotContain("com.ibm");
        }
        Raw unknown = raw("GET /no/such/thing HTTP/1.1");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.head()).containsIgnoringCase("Content-Type: application/problem+json");
        assertSecurityHeaders(unknown);
        assertThat(raw("DELETE /api/credits/balance HTTP/1.1").head()).containsIgnoringCase("application/problem+json");

        for (String path : List.of("/openapi", "/health", "/health/ready")) {
            assertSecurityHeaders(raw("GET " + path + " HTTP/1.1"));
        }
    }

    @Test
    void takesTokensOnlyAsBearer() throws Exception {
        String token = LibertyTestServer.token("bearer-" + UUID.randomUUID(), "user");
        for (String authorization : List.of(token, "Token " + token, "Basic " + token, "Bearer", "Bearer  " + token, "Bearer " + token + " x")) {
            var response = send(HttpRequest.newBuilder(URI.create(API + "/api/credits/balance")).header("Authorization", authorization).build());
            assertProblem(response, 401, "unauthorized");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        var twice = HttpRequest.newBuilder(URI.create(API + "/api/credits/balance"))
                .header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token).build();
        assertProblem(send(twice), 401, "unauthorized");

        Api.status(send(get("/api/credits/balance", token)), 200);
        assertThat(send(HttpRequest.newBuilder(URI.create(API + "/api/credits/balance")).header("Authorization", "bearer " + token).build())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void tellsWebhookForgersNothingAndFetchesFalKeysWithABackoff() throws Exception {
        AtomicInteger jwksFetches = new AtomicInteger();
        HttpServer jwks = HttpServer.create(new InetSocketAddress("localhost", URI.create(LibertyTestServer.FAL_JWKS_URL).getPort()), 0);
        jwks.createContext("/", exchange -> {
            jwksFetches.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        jwks.start();
        List<String> details = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                byte[] signature = new byte[64];
                new Random(i).nextBytes(signature);
                var forged = HttpRequest.newBuilder(URI.create(API + "/api/webhooks/fal"))
                        .header("X-Fal-Webhook-Request-Id", "req-" + i).header("X-Fal-Webhook-User-Id", "someone")
                        .header("X-Fal-Webhook-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                        .header("X-Fal-Webhook-Signature", HexFormat.of().formatHex(signature))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\":\"req-" + i + "\"}")).build();
                details.add(assertProblem(send(forged), 401, "webhook-rejected").getString("detail"));
            }
        } finally {
            jwks.stop(0);
        }
        assertThat(jwksFetches.get()).as("JWKS fetches for six forged deliveries").isLessThanOrEqualTo(1);
        assertThat(details).containsOnly("The webhook signature is invalid");

        for (String path : List.of("/api/webhooks/replicate", "/api/webhooks/fal", "/api/tryon/events")) {
            var unsigned = send(HttpRequest.newBuilder(URI.create(API + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(assertProblem(unsigned, 401, "webhook-rejected").getString("detail")).as(path).isEqualTo("The webhook signature is invalid");
        }
    }

    @Test
    void everyJsonEndpointRefusesABodyThatIsNoObjectNestsTooDeepOrCarriesNulAndChangesNothing() throws Exception {
        String account = "bodies-" + UUID.randomUUID();
        String user = LibertyTestServer.token(account, "user");
        String ledgerBefore = ledger(user);
        String pricesBefore = send(get("/api/admin/prices", admin)).body();
        String templatesBefore = Api.status(send(get("/api/admin/templates", admin)), 200).body();
        // method, path, whose token, a string field of the body (null: it has none); a string past the 64 KB limit is a 413
        String[][] endpoints = {
                {"POST", "/api/video/generate", user, "tryonImageId"},
                {"POST", "/v1/ai/preview", user, "image_id"},
                {"POST", "/v1/ai/template", user, "template"},
                {"POST", "/v1/ai/glitch/animate", user, "template_video_id"},
                {"POST", "/v1/ai/glitch/replace", user, "template_video_id"},
                {"POST", "/v1/ai/music", user, "prompt"},
                {"POST", "/v1/ai/capture-frame", user, "video_id"},
                {"POST", "/api/images", user, "url"},
                {"POST", "/api/video/" + UUID.randomUUID() + "/events", user, "type"},
                {"POST", "/api/admin/credits/grants", admin, "account"},
                {"POST", "/api/admin/credits/adjustments", admin, "account"},
                {"PUT", "/api/admin/templates/ai_hug", admin, "name"},
                {"PUT", "/api/admin/branding/intro", admin, null},
                {"PUT", "/api/admin/prices", admin, null}};
        String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);
        String justTooDeep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
        for (String[] e : endpoints) {
            for (String body : List.of("", "null", "[]", "[{}]", "\"text\"", "42", "true", deep, justTooDeep)) {
                var response = send(request(e[0], e[1], e[2], "application/json", body));
                assertThat(response.statusCode()).as(e[0] + " " + e[1] + " with " + abbreviated(body) + ": " + response.body())
                        .isEqualTo(400);
                assertProblem(response, 400, "invalid-request");
            }
            if (e[3] != null) {
                var nul = assertProblem(send(request(e[0], e[1], e[2], "application/json", "{\"" + e[3] + "\":\"a\\u0000b\"}")), 400,
                        "invalid-request");
                assertThat(nul.getString("field")).as(e[1] + " with a NUL").isEqualTo(e[3]);
            }
            String huge = "{\"" + (e[3] == null ? "x" : e[3]) + "\":\"" + "x".repeat(70_000) + "\"}";
            assertProblem(send(request(e[0], e[1], e[2], "application/json", huge)), 413, "payload-too-large");
            var wrongType = send(request(e[0], e[1], e[2], "text/plain", "{}"));
            // /api/images takes pictures of any declared type too, and names the refusal its own way
            assertProblem(wrongType, 415, e[1].equals("/api/images") ? "unsupported-image-type" : "unsupported-media-type");
        }
        expectInvalid(post("/api/admin/credits/grants", admin, "{\"account\":\"" + account + "\",\"amount\":5,"
                + "\"expiresAt\":\"+10000-01-01T00:00:00Z\"}"), "expiresAt", "+10000-01-01T00:00:00Z");

        assertThat(ledger(user)).isEqualTo(ledgerBefore);
        assertThat(json(send(get("/v1/ai/jobs", user)), 200).getJsonArray("jobs")).isEmpty();
        assertThat(send(get("/api/admin/prices", admin)).body()).isEqualTo(pricesBefore);
        assertThat(send(get("/api/admin/templates", admin)).body()).isEqualTo(templatesBefore);
    }

    private static String abbreviated(String body) {
        return body.length() > 40 ? body.substring(0, 37) + "..." : body;
    }

    private HttpRequest request(String method, String path, String token, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void expectInvalid(HttpRequest request, String field, String value) throws Exception {
        var response = send(request);
        assertThat(response.statusCode()).as(request.uri() + " with " + field + " = " + value + ": " + response.body()).isEqualTo(400);
        var problem = assertProblem(response, 400, "invalid-request");
        assertThat(problem.getString("field")).as(value).isEqualTo(field);
    }

    /** Everything the account's ledger shows its owner: balance and entries. */
    private String ledger(String token) throws Exception {
        return json(send(get("/api/credits/balance", token)), 200) + " " + json(send(get("/api/credits/entries", token)), 200);
    }

    private static void assertSecurityHeaders(Raw answer) {
        assertThat(answer.head()).containsIgnoringCase("X-Content-Type-Options: nosniff")
                .containsIgnoringCase("X-Frame-Options: DENY")
                .containsIgnoringCase("Content-Security-Policy:")
                .containsIgnoringCase("Referrer-Policy: no-referrer");
    }

    private static byte[] noise(int width, int height) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    record Raw(int status, String head, String body) {
    }

    /** A request line sent as is: no client library normalises the path first. */
    private static Raw raw(String requestLine) throws IOException {
        try (var socket = new Socket("localhost", URI.create(API).getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int split = answer.indexOf("\r\n\r\n");
            String head = split < 0 ? answer : answer.substring(0, split);
            return new Raw(Integer.parseInt(head.split(" ")[1]), head, split < 0 ? "" : answer.substring(split + 4));
        }
    }

    private HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).build();
    }

    private HttpRequest post(String path, String token, String json) {
        return post(path, token, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest post(String path, String token, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest put(String path, String token, String json) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpRequest keyed(HttpRequest request, String key) {
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Idempotency-Key", key).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
