package io.lokiz.providers.control;

import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.providers.VideoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Replicate's predictions: templates ({@code google/veo-3-fast}), glitch animate and replace (Wan
 * 2.2 animate) and music ({@code suno-ai/bark}). Created with our webhook for the
 * {@code completed} event; polled as the safety net (Replicate retries only the terminal webhook,
 * and only for about a minute). Outputs are deleted by Replicate after an hour: the job fetches
 * them in the step right after this one answers {@link Generation.Finished}.
 */
@ApplicationScoped
public class ReplicateVideoProvider implements VideoProvider {

    private static final Logger LOG = Logger.getLogger(ReplicateVideoProvider.class.getName());

    private final ReplicateCalls calls;
    private final ReplicateModels models;
    private final String webhookUrl;

    @Inject
    public ReplicateVideoProvider(ReplicateCalls calls, ReplicateModels models,
                                  @ConfigProperty(name = "lokiz.public-url", defaultValue = "http://localhost:9080") String publicUrl) {
        this.calls = calls;
        this.models = models;
        this.webhookUrl = publicUrl.replaceAll("/+$", "") + "/api/webhooks/replicate";
    }

    protected ReplicateVideoProvider() {
        this(null, null, "");
    }

    @Override
    public String name() {
        return "replicate";
    }

    /** The model of the task's route, without the version a community model is pinned to. */
    @Override
    public String model(Task task) {
        String model = models.model(task);
        int version = model.indexOf(':');
        return version < 0 ? model : model.substring(0, version);
    }

    @Override
    public String keySetting() {
        return "lokiz.providers.replicate.token";
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
            return new Generation.Failed("the Replicate provider is not configured (lokiz.providers.replicate.token)");
        }
        ReplicateModels.Prediction prediction;
        try {
            prediction = models.prediction(request);
        } catch (IllegalArgumentException e) {
            return new Generation.Refused(e.getMessage() + "; this job type is routed to Replicate by mistake");
        }
        var builder = Json.createObjectBuilder()
                .add("input", prediction.input())
                .add("webhook", webhookUrl)
                .add("webhook_events_filter", Json.createArrayBuilder().add("completed"));
        if (!prediction.official()) {
            builder.add("version", prediction.version());
        }
        JsonObject body = builder.build(); // built once: a retried call sends the very same body
        try {
            JsonObject created = prediction.official()
                    ? calls.send(api -> api.createForModel(prediction.owner(), prediction.name(), body))
                    : calls.send(api -> api.create(body));
            LOG.info("job " + request.jobId() + ": Replicate prediction " + created.getString("id", "?") + " of " + prediction.model());
            Generation state = follow(created);
            return state instanceof Generation.Running running ? new Generation.Running(running.requestId(), prediction.costUsd()) : state;
        } catch (RuntimeException e) {
            LOG.warning("job " + request.jobId() + ": no Replicate prediction of " + prediction.model() + " was created: " + e);
            return ProviderFailures.ofSubmission(e, "Replicate");
        }
    }

    @Override
    public Generation poll(String predictionId) {
        try {
            return follow(calls.send(api -> api.get(predictionId)));
        } catch (RuntimeException e) {
            return ProviderFailures.deferral(e, "Replicate").orElseThrow(() -> e); // polled again; the job's timeout applies
        }
    }

    @Override
    public void cancel(String predictionId) {
        calls.send(api -> api.cancel(predictionId));
    }

    /** What a prediction's status means for the job. */
    private static Generation follow(JsonObject prediction) {
        String id = prediction.getString("id");
        return switch (prediction.getString("status", "")) {
            case "succeeded" -> output(prediction.get("output"))
                    .<Generation>map(url -> new Generation.Finished(URI.create(url)))
                    .orElseGet(() -> new Generation.Failed("Replicate finished without a result"));
            // The model ran and failed on this input: running it again would be paid for and fail again.
            case "failed" -> {
                LOG.warning("Replicate prediction " + id + " failed: " + prediction.get("error"));
                yield new Generation.Refused("Replicate could not make it: " + ProviderAnswers.detail(prediction, 200));
            }
            case "canceled" -> new Generation.Failed("the generation was canceled at Replicate");
            case "aborted" -> new Generation.Failed("Replicate did not start the generation in time");
            default -> new Generation.Running(id); // starting, processing
        };
    }

    /** The URL of a prediction's output: a string, the first of a list, or bark's {@code audio_out}. */
    static Optional<String> output(JsonValue output) {
        if (output == null) {
            return Optional.empty();
        }
        return switch (output.getValueType()) {
            case STRING -> Optional.of(((jakarta.json.JsonString) output).getString());
            case ARRAY -> output.asJsonArray().isEmpty() ? Optional.empty() : output(output.asJsonArray().get(0));
            case OBJECT -> {
                JsonObject o = output.asJsonObject();
                yield output(o.containsKey("audio_out") ? o.get("audio_out") : o.containsKey("video") ? o.get("video") : null);
            }
            default -> Optional.empty();
        };
    }
}
