package io.lokiz.providers.control;

import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.providers.VideoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.logging.Logger;

/**
 * fal.ai's queue API (Stable Video Diffusion by default): submit with a completion webhook, then
 * poll the status until fal says {@code COMPLETED} (or its signed webhook makes the poll due at
 * once), read the result's video URL, which the job fetches through the SSRF guard. fal's status,
 * result and cancel URLs name only {@code {owner}/{app}}, not the endpoint's sub-path: a job keeps
 * only the request id, and {@link FalApi} rebuilds them the same way.
 */
@ApplicationScoped
public class FalVideoProvider implements VideoProvider {

    private static final Logger LOG = Logger.getLogger(FalVideoProvider.class.getName());

    private final FalCalls calls;
    private final String[] endpoint;
    private final String webhookUrl;
    private final double priceUsd;

    @Inject
    public FalVideoProvider(FalCalls calls,
                            // Our spec names fal-ai/stable-video-diffusion; fal documents fal-ai/stable-video.
                            @ConfigProperty(name = "lokiz.providers.fal.endpoint", defaultValue = "fal-ai/stable-video") String endpoint,
                            @ConfigProperty(name = "lokiz.public-url", defaultValue = "http://localhost:9080") String publicUrl,
                            @ConfigProperty(name = "lokiz.providers.fal.price-usd", defaultValue = "0.075") double priceUsd) {
        this.calls = calls;
        this.endpoint = endpoint.split("/", 3);
        if (this.endpoint.length < 2) {
            throw new IllegalArgumentException("lokiz.providers.fal.endpoint must be owner/app, not " + endpoint);
        }
        this.webhookUrl = publicUrl.replaceAll("/+$", "") + "/api/webhooks/fal";
        this.priceUsd = priceUsd;
    }

    protected FalVideoProvider() {
        this.calls = null;
        this.endpoint = null;
        this.webhookUrl = null;
        this.priceUsd = 0;
    }

    @Override
    public String name() {
        return "fal";
    }

    /** The configured endpoint ({@code fal-ai/stable-video}): fal runs one model per endpoint. */
    @Override
    public String model(Task task) {
        return String.join("/", endpoint);
    }

    @Override
    public String keySetting() {
        return "lokiz.providers.fal.key";
    }

    @Override
    public boolean paid() {
        return true;
    }

    @Override
    public boolean configured() {
        return calls.configured();
    }

    @Override
    public Generation submit(GenerationRequest request) {
        if (!calls.configured()) {
            return new Generation.Failed("the fal.ai provider is not configured (lokiz.providers.fal.key)");
        }
        if (!(request.task() instanceof Task.Animate)) {
            return new Generation.Refused("fal.ai makes image-to-video previews only; this job type is routed to it by mistake");
        }
        JsonObject input = Json.createObjectBuilder()
                .add("image_url", request.imageUrl())
                .add("fps", Math.min(request.fps(), 25)) // fal's video models take 1 to 25 fps
                .add("motion_bucket_id", 127)
                .add("cond_aug", 0.02)
                .build();
        try {
            JsonObject answer = calls.send(api -> endpoint.length == 3
                    ? api.submitToPath(endpoint[0], endpoint[1], endpoint[2], webhookUrl, input)
                    : api.submit(endpoint[0], endpoint[1], webhookUrl, input));
            return new Generation.Running(answer.getString("request_id"), priceUsd);
        } catch (RuntimeException e) {
            LOG.warning("job " + request.jobId() + ": fal.ai submission failed: " + e);
            return ProviderFailures.ofSubmission(e, "fal.ai");
        }
    }

    @Override
    public Generation poll(String requestId) {
        try {
            JsonObject status = calls.send(api -> api.status(endpoint[0], endpoint[1], requestId));
            if (!"COMPLETED".equals(status.getString("status", ""))) {
                return new Generation.Running(requestId);
            }
            // A completed request holds either the model's output or fal's error (REQ-UW-002: tell the user).
            JsonObject result = calls.send(api -> api.result(endpoint[0], endpoint[1], requestId));
            JsonObject video = result.getJsonObject("video");
            if (video == null || !video.containsKey("url")) {
                return new Generation.Failed("fal.ai made no video: " + ProviderAnswers.detail(result, 200));
            }
            return new Generation.Finished(URI.create(video.getString("url")));
        } catch (ProviderRefused e) {
            LOG.warning("fal.ai request " + requestId + " failed: " + e.getMessage());
            // 422 is the model refusing this input: the same input would be refused again.
            return e.inputRefused() ? new Generation.Refused("fal.ai could not make a video of this image: " + e.detail())
                    : new Generation.Failed("fal.ai could not make the video: " + e.detail());
        } catch (RuntimeException e) {
            return ProviderFailures.deferral(e, "fal.ai").orElseThrow(() -> e); // unreachable: polled again, the job's timeout applies
        }
    }

    @Override
    public void cancel(String requestId) {
        calls.send(api -> api.cancel(endpoint[0], endpoint[1], requestId));
    }
}
