package io.lokiz.app;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals every operation of a kind gives, asked of every operation the contract lists: each answer must be the
 * status the contract names for it, with a body its schema accepts ({@link Contract}). Walking the document rather
 * than a hand-kept list means an operation added tomorrow is asked too. The answers that need a world staged (no
 * credits, a full queue, a video still encoding) are the other integration tests' part.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class ContractAnswersIT {

    static final String API = LibertyTestServer.BASE_URL;

    /** Request bodies that reach a 404 where neither the contract's example nor {@code {"enabled":true}} does. */
    static final Map<String, String> NOT_FOUND_BODIES = Map.of(
            "createMusicJob", "{\"prompt\":\"a beat\",\"duration\":10,\"video_id\":\"" + UUID.randomUUID() + "\"}",
            "createTemplateJob", "{\"image_id\":\"" + UUID.randomUUID() + "\",\"template\":\"ai_hug\",\"duration\":5}",
            "reportPlayback", "{\"type\":\"play\",\"seconds\":0}");

    /** Path parameters that are not a fresh UUID: a video nobody played has statistics of zeros, an id that is none has none. */
    static final Map<String, String> NOT_FOUND_PARAMETERS = Map.of("getVideoStats", "not-a-video-id", "putBranding", "nonesuch",
            "deleteBranding", "nonesuch");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String user = LibertyTestServer.token("contract-" + UUID.randomUUID(), "user");
    final String admin = LibertyTestServer.token("contract-root", "admin", "user");
    final String support = LibertyTestServer.token("contract-support", "user", "support");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void everyGuardedOperationAnswersAnAnonymousCaller401() {
        expectEverywhere(ContractAnswersIT::guarded, 401, route -> request(route, null, jsonBodyIfAny(route, "{}")));
    }

    @Test
    void everySignedWebhookAnswersAnUnsignedDelivery401() {
        expectEverywhere(route -> !guarded(route) && lists(route, 401), 401, route -> request(route, null, json("{}")));
    }

    @Test
    void everyAdminOperationAnswersAUser403() {
        expectEverywhere(route -> route.template().startsWith("/api/admin/"), 403,
                route -> request(route, user, jsonBodyIfAny(route, "{}")));
    }

    /** Support (the console's read-only role) sees what admins see and may change nothing: every read is open to it, every change a 403. */
    @Test
    void everyAdminReadIsOpenToSupportAndEveryChangeIsNot() {
        // Past the role check a fresh UUID names nothing: where the contract lists a 404 for it, support gets that 404
        // (the lookup ran), as an admin would; every other read answers 200.
        expectEverywhere(route -> route.template().startsWith("/api/admin/") && route.method().equals("GET"),
                route -> namesAResource(route) ? 404 : 200, route -> request(route, support, null));
        expectEverywhere(route -> route.template().startsWith("/api/admin/") && !route.method().equals("GET"), 403,
                route -> request(route, support, jsonBodyIfAny(route, "{}")));
    }

    @Test
    void everyOperationReadingJsonAnswersAnotherContentType415() {
        expectEverywhere(route -> readsJson(route) && lists(route, 415), 415,
                route -> request(route, caller(route), HttpRequest.BodyPublishers.ofString("amount=5"), "text/plain"));
    }

    @Test
    void everyOperationReadingJsonAnswersANullBody400() {
        expectEverywhere(route -> readsJson(route) && lists(route, 400) && (guarded(route) || !lists(route, 401)), 400,
                route -> request(route, caller(route), json("null")));
    }

    @Test
    void everyOperationReadingJsonAnswersAnOversizedBody413() {
        String huge = "{\"field\":\"" + "x".repeat(70 * 1024) + "\"}";
        expectEverywhere(route -> readsJson(route) && lists(route, 413), 413, route -> request(route, caller(route), json(huge)));
    }

    @Test
    void everyOperationNamingAResourceAnswersOneThatIsNot404() {
        expectEverywhere(route -> lists(route, 404) && (route.template().contains("{") || example(route) != null), 404,
                route -> at(request(route, caller(route), jsonBodyIfAny(route, example(route) == null ? "{\"enabled\":true}" : example(route))),
                        route.template().replaceAll("\\{[^}]+}", NOT_FOUND_PARAMETERS.getOrDefault(route.operationId(), UUID.randomUUID().toString()))));
    }

    @Test
    void everyOperationAnswersAQueryNumberThatIsNoNumber400() {
        expectEverywhere(route -> lists(route, 400) && !numberQueries(route).isEmpty(), 400, route -> {
            HttpRequest plain = request(route, caller(route), null);
            String query = numberQueries(route).stream().map(name -> name + "=twelve").collect(java.util.stream.Collectors.joining("&"));
            return at(plain, plain.uri().getPath() + "?" + query);
        });
    }

    @Test
    void setsThePricesAsTheyAreAndChangesNothing() throws Exception {
        var prices = HttpRequest.newBuilder(URI.create(API + "/api/admin/prices")).header("Authorization", "Bearer " + admin);
        var before = Api.json(http.send(prices.build(), HttpResponse.BodyHandlers.ofString()), 200);
        var set = http.send(prices.copy().header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(before.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Api.json(set, 200)).isEqualTo(before);
        assertThat(Api.json(http.send(prices.build(), HttpResponse.BodyHandlers.ofString()), 200)).isEqualTo(before);
    }

    /**
     * The plan's job requests, each as a user would send it: accepted, then canceled (the credits come back); the same
     * Idempotency-Key with another request is a 422; and once the account has no credits left, a 402.
     */
    @Test
    void everyJobRequestIsAcceptedCanceledRefusedForAReusedKeyAndForWantOfCredits() throws Exception {
        String account = "jobs-" + UUID.randomUUID();
        String owner = LibertyTestServer.token(account, "user");
        String image = Api.json(http.send(post("/api/images", owner, "image/png", Api.photo(320, 240)), HttpResponse.BodyHandlers.ofString()), 201)
                .getString("id");
        java.nio.file.Path clip = Api.ffmpeg(java.nio.file.Files.createTempFile("template", ".mp4"), "-f", "lavfi", "-i",
                "testsrc2=s=320x240:r=24:d=2", "-pix_fmt", "yuv420p");
        String video = Api.json(http.send(post("/api/videos", owner, "video/mp4", java.nio.file.Files.readAllBytes(clip)),
                HttpResponse.BodyHandlers.ofString()), 201).getString("id");
        // each request, and another one under the same key
        Map<String, List<String>> requests = new java.util.LinkedHashMap<>();
        String glitch = "{\"template_video_id\":\"" + video + "\",\"user_image_id\":\"" + image + "\"";
        requests.put("/v1/ai/preview", List.of("{\"image_id\":\"" + image + "\"}", "{\"image_id\":\"" + image + "\",\"settings\":{\"resolution\":\"1080p\"}}"));
        requests.put("/v1/ai/template", List.of("{\"image_id\":\"" + image + "\",\"template\":\"ai_hug\",\"duration\":5}",
                "{\"image_id\":\"" + image + "\",\"template\":\"dance\",\"duration\":5}"));
        requests.put("/v1/ai/glitch/animate", List.of(glitch + "}", glitch + ",\"prompt\":\"slower\"}"));
        requests.put("/v1/ai/glitch/replace", List.of(glitch + "}", glitch + ",\"prompt\":\"slower\"}"));
        requests.put("/v1/ai/music", List.of("{\"prompt\":\"a beat\",\"duration\":10}", "{\"prompt\":\"a beat\",\"duration\":20}"));

        for (var request : requests.entrySet()) {
            String key = request.getKey() + "-" + UUID.randomUUID();
            String job = Api.json(http.send(keyed(post(request.getKey(), owner, "application/json", request.getValue().get(0).getBytes()), key),
                    HttpResponse.BodyHandlers.ofString()), 202).getString("job_id");
            Api.json(http.send(post("/v1/ai/jobs/" + job + "/cancel", owner, null, null), HttpResponse.BodyHandlers.ofString()), 200);
            Api.assertProblem(http.send(keyed(post(request.getKey(), owner, "application/json", request.getValue().get(1).getBytes()), key),
                    HttpResponse.BodyHandlers.ofString()), 422, "idempotency-key-reused");
        }

        long available = Api.json(http.send(get("/api/credits/balance", owner), HttpResponse.BodyHandlers.ofString()), 200)
                .getJsonNumber("available").longValue();
        Api.json(http.send(post("/api/admin/credits/adjustments", admin, "application/json",
                ("{\"account\":\"" + account + "\",\"amount\":" + -available + ",\"reason\":\"spent, for the test\"}").getBytes()),
                HttpResponse.BodyHandlers.ofString()), 201);
        for (var request : requests.entrySet()) {
            Api.assertProblem(http.send(post(request.getKey(), owner, "application/json", request.getValue().get(0).getBytes()),
                    HttpResponse.BodyHandlers.ofString()), 402, "insufficient-credits");
        }
    }

    HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).build();
    }

    HttpRequest post(String path, String token, String contentType, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return contentType == null ? request.build() : request.header("Content-Type", contentType).build();
    }

    static HttpRequest keyed(HttpRequest request, String key) {
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Idempotency-Key", key).build();
    }

    /** The query parameters the contract types as numbers. */
    static List<String> numberQueries(Contract.Route route) {
        List<String> names = new ArrayList<>();
        route.operation().path("parameters").forEach(parameter -> {
            String type = parameter.path("schema").path("type").asString();
            if (parameter.path("in").asString().equals("query") && (type.equals("integer") || type.equals("number"))) {
                names.add(parameter.path("name").asString());
            }
        });
        return names;
    }

    /** Sends {@code build(route)} for every route {@code which} selects; every one must answer {@code status} as documented. */
    void expectEverywhere(Predicate<Contract.Route> which, int status, java.util.function.Function<Contract.Route, HttpRequest> build) {
        expectEverywhere(which, route -> status, build);
    }

    /** Sends {@code build(route)} for every route {@code which} selects; each must answer its {@code status(route)} as documented. */
    void expectEverywhere(Predicate<Contract.Route> which, java.util.function.ToIntFunction<Contract.Route> expected,
            java.util.function.Function<Contract.Route, HttpRequest> build) {
        List<String> asked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Contract.Route route : Contract.get().routes()) {
            if (!which.test(route)) {
                continue;
            }
            asked.add(route.operationId());
            int status = expected.applyAsInt(route);
            try {
                HttpResponse<String> response = http.send(build.apply(route), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != status) {
                    wrong.add(route.operationId() + " answered " + response.statusCode() + ", not " + status + ": " + abbreviated(response.body()));
                    continue;
                }
                Contract.check(response);
            } catch (AssertionError | Exception e) {
                wrong.add(route.operationId() + ": " + e.getMessage());
            }
        }
        assertThat(asked).as("operations asked").isNotEmpty();
        assertThat(wrong).as("operations that did not answer as documented, of %s", asked).isEmpty();
    }

    HttpRequest request(Contract.Route route, String token, HttpRequest.BodyPublisher body) {
        return request(route, token, body, "application/json");
    }

    HttpRequest request(Contract.Route route, String token, HttpRequest.BodyPublisher body, String contentType) {
        String path = route.template().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        var request = HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(20)).method(route.method(),
                body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    /** {@code request} sent to {@code path} instead. */
    static HttpRequest at(HttpRequest request, String path) {
        return HttpRequest.newBuilder(request, (name, value) -> true).uri(URI.create(API + path)).build();
    }

    String caller(Contract.Route route) {
        return !guarded(route) ? null : route.template().startsWith("/api/admin/") ? admin : user;
    }

    static boolean guarded(Contract.Route route) {
        JsonNode security = route.operation().has("security") ? route.operation().get("security")
                : Contract.get().document().path("security");
        return !security.isEmpty();
    }

    static boolean lists(Contract.Route route, int status) {
        return route.operation().path("responses").has(Integer.toString(status));
    }

    /** Whether a fresh UUID in the route's path names nothing, so that it answers the 404 the contract lists. */
    static boolean namesAResource(Contract.Route route) {
        return route.template().contains("{") && lists(route, 404) && !NOT_FOUND_PARAMETERS.containsKey(route.operationId());
    }

    static boolean readsJson(Contract.Route route) {
        return route.operation().path("requestBody").path("content").has("application/json");
    }

    /** The request body the contract gives as its example, for the operations whose 404 is an id in their body. */
    static String example(Contract.Route route) {
        if (NOT_FOUND_BODIES.containsKey(route.operationId())) {
            return NOT_FOUND_BODIES.get(route.operationId());
        }
        JsonNode schema = route.operation().path("requestBody").path("content").path("application/json").path("schema");
        if (schema.has("$ref")) {
            schema = Contract.get().document().at(schema.get("$ref").asString().substring(1));
        }
        return schema.has("example") ? schema.get("example").toString() : null;
    }

    static HttpRequest.BodyPublisher jsonBodyIfAny(Contract.Route route, String body) {
        return readsJson(route) ? json(body) : null;
    }

    static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
