package io.lokiz.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fal.ai's queue API on localhost, as its documentation describes it ({@code shared/reference/
 * providers.md}): submissions answered with a request id and the status, result and cancel URLs
 * under {@code {owner}/{app}}; {@code Authorization: Key <key>} required; completion webhooks signed
 * with Ed25519 over {@code request_id \n user_id \n timestamp \n hex(sha256(body))} and the key
 * published in a JWKS. A test decides when a request finishes and when fal delivers the webhook.
 */
public final class FakeFal implements AutoCloseable {

    /** What a client submitted. */
    public record Submission(String requestId, String path, String body, String webhookUrl) {
    }

    private final String key;
    private final String userId = "fal-user-1";
    private final KeyPair signing;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Submission> submissions = new ConcurrentHashMap<>();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final List<String> canceled = new CopyOnWriteArrayList<>();
    private final AtomicInteger unauthorized = new AtomicInteger();
    private final ScriptedAnswers script = new ScriptedAnswers();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private volatile byte[] clip = new byte[0];

    public FakeFal(String key) {
        this.key = key;
        try {
            this.signing = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads); // a hanging answer must not hold up the others
        server.createContext("/", this::handle);
        server.start();
    }

    /** The queue's base URL, for {@code lokiz.providers.fal.queue-url}. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The JWKS with the webhook key, for {@code lokiz.webhooks.fal.jwks-url}. */
    public String jwksUrl() {
        return url() + "/.well-known/jwks.json";
    }

    /** The MP4 that finished requests point to. */
    public void serveClip(byte[] mp4) {
        this.clip = mp4.clone();
    }

    public List<Submission> submissions() {
        return List.copyOf(submissions.values());
    }

    public List<String> canceled() {
        return List.copyOf(canceled);
    }

    public int unauthorized() {
        return unauthorized.get();
    }

    /** fal finishes the request: its status turns {@code COMPLETED} and its result names the clip. */
    public void finish(String requestId) {
        states.put(requestId, "COMPLETED");
    }

    /** fal gives up on the request: it completes with an error instead of a video. */
    public void fail(String requestId, String detail) {
        errors.put(requestId, detail);
        states.put(requestId, "COMPLETED");
    }

    /** The next queue API call is answered {@code status} with {@code body} (and {@code Retry-After} when given). */
    public void answerNext(int status, String body, String retryAfter) {
        script.answer(status, body, retryAfter);
    }

    /** The next queue API call hangs for {@code hang} before it is answered as usual. */
    public void hangNext(Duration hang) {
        script.hang(hang);
    }

    /** fal delivers the signed completion webhook of the request; answers the receiver's status code. */
    public int deliverWebhook(String requestId) {
        return deliverWebhook(requestId, Instant.now());
    }

    /** The same delivery to another address than the submission named (fal calls whatever URL it was given). */
    public int deliverWebhook(String url, String requestId) {
        return deliverWebhook(url, requestId, Instant.now());
    }

    /** A delivery correctly signed, but ten minutes old. */
    public int deliverStaleWebhook(String requestId) {
        return deliverWebhook(requestId, Instant.now().minus(Duration.ofMinutes(10)));
    }

    private int deliverWebhook(String requestId, Instant at) {
        return deliverWebhook(submissions.get(requestId).webhookUrl(), requestId, at);
    }

    private int deliverWebhook(String url, String requestId, Instant at) {
        String error = errors.get(requestId);
        String body = error == null
                ? "{\"request_id\":\"%s\",\"gateway_request_id\":\"%s\",\"status\":\"OK\",\"payload\":%s}"
                        .formatted(requestId, requestId, result(requestId))
                : "{\"request_id\":\"%s\",\"gateway_request_id\":\"%s\",\"status\":\"ERROR\",\"error\":\"%s\",\"payload\":{\"detail\":\"%s\"}}"
                        .formatted(requestId, requestId, error, error);
        String timestamp = Long.toString(at.getEpochSecond());
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-Fal-Webhook-Request-Id", requestId)
                .header("X-Fal-Webhook-User-Id", userId)
                .header("X-Fal-Webhook-Timestamp", timestamp)
                .header("X-Fal-Webhook-Signature", sign(requestId, timestamp, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return ScriptedAnswers.send(http, request);
    }

    @Override
    public void close() {
        script.close();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/.well-known/jwks.json")) {
                ScriptedAnswers.reply(exchange, 200, "application/json", jwks().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/files/")) {
                ScriptedAnswers.reply(exchange, 200, "video/mp4", clip);
            } else if (script.play(exchange)) {
                return;
            } else if (!("Key " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
                ScriptedAnswers.json(exchange, 401, "{\"detail\":\"Unauthorized\"}");
            } else if (!path.contains("/requests/") && method.equals("POST")) {
                submit(exchange, path);
            } else {
                request(exchange, path, method);
            }
        }
    }

    private void submit(HttpExchange exchange, String path) throws IOException {
        String id = "req-" + ids.incrementAndGet();
        String query = exchange.getRequestURI().getRawQuery();
        String webhook = query == null ? null : Arrays.stream(query.split("&")).filter(p -> p.startsWith("fal_webhook="))
                .map(p -> URLDecoder.decode(p.substring("fal_webhook=".length()), StandardCharsets.UTF_8)).findFirst().orElse(null);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        submissions.put(id, new Submission(id, path, body, webhook));
        states.put(id, "IN_QUEUE");
        String[] segments = path.substring(1).split("/");
        String base = url() + "/" + segments[0] + "/" + segments[1] + "/requests/" + id;
        ScriptedAnswers.json(exchange, 200, "{\"request_id\":\"%s\",\"gateway_request_id\":\"%s\",\"status_url\":\"%s/status\",\"response_url\":\"%s\",\"cancel_url\":\"%s/cancel\"}"
                .formatted(id, id, base, base, base));
    }

    /** {@code /{owner}/{app}/requests/{id}[/status|/cancel]}. */
    private void request(HttpExchange exchange, String path, String method) throws IOException {
        String[] tail = path.substring(path.indexOf("/requests/") + "/requests/".length()).split("/");
        String id = tail[0];
        String state = states.get(id);
        String action = tail.length > 1 ? tail[1] : "";
        if (state == null) {
            ScriptedAnswers.json(exchange, 404, "{\"detail\":\"Request not found\"}");
        } else if (action.equals("status") && method.equals("GET")) {
            ScriptedAnswers.json(exchange, 200, "{\"status\":\"%s\",\"queue_position\":0}".formatted(state));
        } else if (action.equals("cancel") && method.equals("PUT")) {
            canceled.add(id);
            ScriptedAnswers.json(exchange, 202, "{\"status\":\"%s\"}".formatted(state.equals("COMPLETED") ? "ALREADY_COMPLETED" : "CANCELLATION_REQUESTED"));
        } else if (action.isEmpty() && method.equals("GET") && errors.containsKey(id)) {
            ScriptedAnswers.json(exchange, 422, "{\"detail\":\"%s\"}".formatted(errors.get(id)));
        } else if (action.isEmpty() && method.equals("GET") && state.equals("COMPLETED")) {
            ScriptedAnswers.json(exchange, 200, result(id));
        } else if (action.isEmpty() && method.equals("GET")) {
            ScriptedAnswers.json(exchange, 400, "{\"detail\":\"Request is still in progress\"}");
        } else {
            ScriptedAnswers.json(exchange, 405, "{\"detail\":\"Method not allowed\"}");
        }
    }

    private String result(String id) {
        return "{\"video\":{\"url\":\"%s/files/%s.mp4\",\"content_type\":\"video/mp4\",\"file_name\":\"%s.mp4\",\"file_size\":%d},\"seed\":42}"
                .formatted(url(), id, id, clip.length);
    }

    private String jwks() {
        byte[] spki = signing.getPublic().getEncoded();
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"%s\",\"use\":\"sig\"}]}".formatted(x);
    }

    private String sign(String requestId, String timestamp, byte[] body) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(signing.getPrivate());
            ed25519.update((requestId + "\n" + userId + "\n" + timestamp + "\n" + digest).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
