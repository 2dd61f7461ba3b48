package io.lokiz.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicate's predictions API on localhost, as {@code shared/reference/providers.md} describes it:
 * {@code Authorization: Bearer <token>}; predictions created per model
 * ({@code POST /v1/models/{owner}/{name}/predictions}) or per version ({@code POST
 * /v1/predictions}), read, canceled; statuses {@code starting → succeeded | failed | canceled};
 * outputs served under {@code /files/} and gone after {@link #outputLifetime}; completion webhooks
 * signed with Standard Webhooks (HMAC-SHA256, a {@code whsec_} secret). A test decides when each
 * prediction ends, when its webhook goes out, and what the API answers next (a 500, a 429, a hang).
 */
public final class FakeReplicate implements AutoCloseable {

    /** A prediction as created: the route it came by ({@code models/owner/name} or a version) and the raw body. */
    public record Created(String id, String route, String body, String webhookUrl) {
    }

    private static final Pattern WEBHOOK = Pattern.compile("\"webhook\"\\s*:\\s*\"([^\"]*)\"");

    private final String token;
    private final byte[] secret;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Created> created = new ConcurrentHashMap<>();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();
    private final Map<String, Instant> finishedAt = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final List<String> canceled = new CopyOnWriteArrayList<>();
    private final ScriptedAnswers script = new ScriptedAnswers();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile byte[] video = new byte[0];
    private volatile byte[] audio = new byte[0];
    private volatile Duration outputLifetime = Duration.ofHours(1);

    /** A fake answering {@code token}, signing webhooks with {@code webhookSecret} ({@code whsec_<base64>}). */
    public FakeReplicate(String token, String webhookSecret) {
        this.token = token;
        this.secret = Base64.getDecoder().decode(webhookSecret.substring("whsec_".length()));
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads); // a hanging answer must not hold up the others
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API's base URL, for {@code lokiz.providers.replicate.url}. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** What succeeded video predictions output (one URL to it) and bark outputs ({@code audio_out}). */
    public void serve(byte[] mp4, byte[] wav) {
        this.video = mp4.clone();
        this.audio = wav.clone();
    }

    /** How long outputs stay downloadable after a prediction ends (Replicate: an hour). */
    public void outputLifetime(Duration lifetime) {
        this.outputLifetime = lifetime;
    }

    /** Predictions in the order they were created. */
    public List<Created> created() {
        return order.stream().map(created::get).toList();
    }

    public List<String> canceled() {
        return List.copyOf(canceled);
    }

    /** API calls answered so far (files not counted). */
    public int calls() {
        return calls.get();
    }

    /** The next API call is answered {@code status} with {@code body} (and {@code Retry-After} when given). */
    public void answerNext(int status, String body, String retryAfter) {
        script.answer(status, body, retryAfter);
    }

    /** The next API call hangs for {@code hang} before it is answered as usual. */
    public void hangNext(Duration hang) {
        script.hang(hang);
    }

    /** The prediction succeeded. */
    public void succeed(String id) {
        finishedAt.put(id, Instant.now());
        states.put(id, "succeeded");
    }

    /** The prediction failed with the model's {@code error}. */
    public void fail(String id, String error) {
        errors.put(id, error);
        finishedAt.put(id, Instant.now());
        states.put(id, "failed");
    }

    /** Sends the prediction's {@code completed} webhook, signed; answers the receiver's status code. */
    public int deliver(String id) {
        return deliver(id, "msg_" + UUID.randomUUID(), Instant.now(), secret);
    }

    /** Sends the same delivery again (same {@code webhook-id}), as Replicate's retries do. */
    public int deliverAgain(String id, String webhookId) {
        return deliver(id, webhookId, Instant.now(), secret);
    }

    /** A delivery signed with another secret. */
    public int deliverForged(String id) {
        return deliver(id, "msg_" + UUID.randomUUID(), Instant.now(), "not replicate's secret, 32 bytes".getBytes(StandardCharsets.UTF_8));
    }

    /** A delivery correctly signed, but ten minutes old. */
    public int deliverStale(String id) {
        return deliver(id, "msg_" + UUID.randomUUID(), Instant.now().minus(Duration.ofMinutes(10)), secret);
    }

    private int deliver(String id, String webhookId, Instant at, byte[] key) {
        String body = prediction(id);
        String timestamp = Long.toString(at.getEpochSecond());
        var request = HttpRequest.newBuilder(URI.create(created.get(id).webhookUrl()))
                .header("Content-Type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + sign(key, webhookId + "." + timestamp + "." + body))
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
            if (path.startsWith("/files/")) {
                file(exchange, path.substring("/files/".length()));
                return;
            }
            calls.incrementAndGet();
            if (script.play(exchange)) {
                return;
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                ScriptedAnswers.json(exchange, 401, "{\"type\":\"about:blank\",\"title\":\"Unauthenticated\",\"status\":401,\"detail\":\"You did not pass a valid authentication token\"}");
            } else {
                api(exchange, exchange.getRequestMethod(), path);
            }
        }
    }

    private void api(HttpExchange exchange, String method, String path) throws IOException {
        String[] p = path.substring(1).split("/");
        if (method.equals("POST") && p.length == 5 && p[0].equals("v1") && p[1].equals("models") && p[4].equals("predictions")) {
            create(exchange, "models/" + p[2] + "/" + p[3]);
        } else if (method.equals("POST") && p.length == 2 && p[0].equals("v1") && p[1].equals("predictions")) {
            create(exchange, "version");
        } else if (p.length >= 3 && p[0].equals("v1") && p[1].equals("predictions") && states.containsKey(p[2])) {
            if (method.equals("POST") && p.length == 4 && p[3].equals("cancel")) {
                canceled.add(p[2]);
                states.computeIfPresent(p[2], (id, s) -> s.equals("starting") || s.equals("processing") ? "canceled" : s);
            }
            ScriptedAnswers.json(exchange, 200, prediction(p[2]));
        } else {
            ScriptedAnswers.json(exchange, 404, "{\"title\":\"Not found\",\"status\":404,\"detail\":\"Not found.\"}");
        }
    }

    private void create(HttpExchange exchange, String route) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!body.contains("\"input\"")) {
            ScriptedAnswers.json(exchange, 422, "{\"title\":\"Input validation failed\",\"status\":422,\"detail\":\"input is required\"}");
            return;
        }
        String id = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Matcher webhook = WEBHOOK.matcher(body);
        created.put(id, new Created(id, route, body, webhook.find() ? webhook.group(1) : null));
        order.add(id);
        states.put(id, "starting");
        ScriptedAnswers.json(exchange, 201, prediction(id));
    }

    private String prediction(String id) {
        Created c = created.get(id);
        String state = states.get(id);
        boolean bark = c.body().contains("\"version\"") && c.body().contains("waveform_temp");
        String output = !state.equals("succeeded") ? "null"
                : bark ? "{\"audio_out\":\"%s/files/%s.wav\",\"prompt_npz\":\"%s/files/%s.npz\"}".formatted(url(), id, url(), id)
                : "\"%s/files/%s.mp4\"".formatted(url(), id);
        String error = errors.containsKey(id) ? "\"" + errors.get(id).replace("\"", "'") + "\"" : "null";
        return ("{\"id\":\"%s\",\"status\":\"%s\",\"output\":%s,\"error\":%s,\"logs\":\"\",\"metrics\":{\"predict_time\":4.2},"
                + "\"urls\":{\"get\":\"%s/v1/predictions/%s\",\"cancel\":\"%s/v1/predictions/%s/cancel\"}}")
                .formatted(id, state, output, error, url(), id, url(), id);
    }

    private void file(HttpExchange exchange, String name) throws IOException {
        String id = name.substring(0, name.indexOf('.'));
        Instant done = finishedAt.get(id);
        if (done == null || Instant.now().isAfter(done.plus(outputLifetime))) {
            ScriptedAnswers.json(exchange, 404, "{\"detail\":\"Not found.\"}"); // Replicate deletes outputs after an hour
        } else if (name.endsWith(".wav")) {
            ScriptedAnswers.reply(exchange, 200, "audio/wav", audio);
        } else {
            ScriptedAnswers.reply(exchange, 200, "video/mp4", video);
        }
    }

    private static String sign(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
