package io.lokiz.providers.control;

import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.providers.VideoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * fal.ai's queue API (Stable Video Diffusion by default): submit with a completion webhook, then
 * poll the status until fal says {@code COMPLETED} (or its signed webhook makes the poll due at
 * once), read the result's video URL, which the job fetches through the SSRF guard.
 * <p>
 * fal hands back status, result and cancel URLs that name only {@code {owner}/{app}}, not the
 * endpoint's sub-path; a job keeps only the request id, so they are rebuilt here the same way.
 */
@ApplicationScoped
public class FalVideoProvider implements VideoProvider {

    private static final Logger LOG = Logger.getLogger(FalVideoProvider.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final URI queue;
    private final String endpoint;
    private final Optional<String> key;
    private final String webhookUrl;
    private final HttpClient http;

    @Inject
    public FalVideoProvider(@ConfigProperty(name = "lokiz.providers.fal.queue-url", defaultValue = "https://queue.fal.run") String queue,
                            // Our spec names fal-ai/stable-video-diffusion; fal documents fal-ai/stable-video.
                            @ConfigProperty(name = "lokiz.providers.fal.endpoint", defaultValue = "fal-ai/stable-video") String endpoint,
                            @ConfigProperty(name = "lokiz.providers.fal.key") Optional<String> key,
                            @ConfigProperty(name = "lokiz.public-url", defaultValue = "http://localhost:9080") String publicUrl) {
        this.queue = URI.create(queue.endsWith("/") ? queue : queue + "/");
        this.endpoint = endpoint;
        this.key = key.filter(k -> !k.isBlank());
        this.webhookUrl = publicUrl.replaceAll("/+$", "") + "/api/webhooks/fal";
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** For CDI's proxy only: no HTTP client of its own. */
    protected FalVideoProvider() {
        this.queue = null;
        this.endpoint = null;
        this.key = Optional.empty();
        this.webhookUrl = null;
        this.http = null;
    }

    @Override
    public String name() {
        return "fal";
    }

    @Override
    public Generation submit(GenerationRequest request) {
        if (key.isEmpty()) {
            return new Generation.Failed("the fal.ai provider is not configured (lokiz.providers.fal.key)");
        }
        if (!(request.task() instanceof Task.Animate)) {
            return new Generation.Refused("fal.ai makes image-to-video previews only; this job type is routed to it by mistake");
        }
        String input = Json.createObjectBuilder()
                .add("image_url", request.imageUrl())
                .add("fps", Math.min(request.fps(), 25)) // fal's video models take 1 to 25 fps
                .add("motion_bucket_id", 127)
                .add("cond_aug", 0.02)
                .build().toString();
        URI submit = queue.resolve(endpoint + "?fal_webhook=" + URLEncoder.encode(webhookUrl, StandardCharsets.UTF_8));
        Answer answer = call(HttpRequest.newBuilder(submit).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(input)));
        if (!answer.ok()) {
            return new Generation.Failed("fal.ai refused the request: " + answer.detail());
        }
        return new Generation.Running(answer.json().getString("request_id"));
    }

    @Override
    public Generation poll(String requestId) {
        Answer status = call(HttpRequest.newBuilder(requestUri(requestId, "/status")).GET());
        if (!status.ok()) {
            throw new IllegalStateException("fal.ai status of " + requestId + " unavailable: " + status.detail());
        }
        if (!"COMPLETED".equals(status.json().getString("status", ""))) {
            return new Generation.Running(requestId);
        }
        // A completed request holds either the model's output or fal's error (REQ-UW-002: tell the user).
        Answer result = call(HttpRequest.newBuilder(requestUri(requestId, "")).GET());
        JsonObject video = result.ok() ? result.json().getJsonObject("video") : null;
        if (video == null || !video.containsKey("url")) {
            // 422 is the model refusing this input: the same input would be refused again.
            return result.status() == 422 ? new Generation.Refused("fal.ai could not make a video of this image: " + result.detail())
                    : new Generation.Failed("fal.ai could not make the video: " + result.detail());
        }
        return new Generation.Finished(URI.create(video.getString("url")));
    }

    @Override
    public void cancel(String requestId) {
        call(HttpRequest.newBuilder(requestUri(requestId, "/cancel")).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code {queue}/{owner}/{app}/requests/{id}{suffix}}: the URLs fal returns on submission. */
    private URI requestUri(String requestId, String suffix) {
        String[] parts = endpoint.split("/");
        String app = parts[0] + "/" + (parts.length > 1 ? parts[1] : "");
        return queue.resolve(app + "/requests/" + URLEncoder.encode(requestId, StandardCharsets.UTF_8) + suffix);
    }

    /** fal's answer: its status code and JSON body (empty when it sent none). */
    private record Answer(int status, JsonObject json) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** fal's own words for a refusal ({@code detail}), short enough to show a user. */
        String detail() {
            String detail = json.containsKey("detail") ? json.get("detail").toString().replaceAll("^\"|\"$", "") : "HTTP " + status;
            return detail.length() > 300 ? detail.substring(0, 300) + "…" : detail;
        }
    }

    /** One authenticated call. An unreachable fal throws, so a poll is retried until the job's timeout. */
    private Answer call(HttpRequest.Builder request) {
        HttpRequest built = request.header("Authorization", "Key " + key.orElse("")).header("Accept", "application/json")
                .timeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            var answer = new Answer(response.statusCode(), parse(response.body()));
            if (!answer.ok()) {
                LOG.warning("fal.ai answered " + response.statusCode() + " to " + built.method() + " " + built.uri().getPath()
                        + ": " + answer.detail());
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("fal.ai unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling fal.ai", e);
        }
    }

    private static JsonObject parse(String body) {
        try {
            return Json.createReader(new StringReader(body)).readObject();
        } catch (JsonException | IllegalStateException e) {
            return JsonValue.EMPTY_JSON_OBJECT; // not JSON (a proxy's error page, say): the status code speaks
        }
    }
}
