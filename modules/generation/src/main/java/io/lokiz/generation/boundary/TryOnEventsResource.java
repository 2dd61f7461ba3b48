package io.lokiz.generation.boundary;

import io.lokiz.generation.control.GenerationJobs;
import io.lokiz.generation.control.Still;
import io.lokiz.generation.control.VideoSettings;
import io.lokiz.generation.preview.PreviewRequest;
import io.lokiz.jobs.JobRecord;
import io.lokiz.kernel.RequestKey;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.StandardWebhook;
import io.lokiz.kernel.WebhookRejected;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * REQ-E-001: the try-on service announces a finished try-on image, and its video is queued with
 * the default settings. Signed with Standard Webhooks ({@code lokiz.webhooks.tryon.secret}) and
 * verified before the body is read; the try-on image id is the request key, so however often the
 * event arrives, one job is made. Body: {@code {"type":"tryon.completed","data":{"tryonImageId",
 * "userId","imageUrl"}}}.
 */
@Path("api/tryon/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Try-on events")
public class TryOnEventsResource {

    private static final Logger LOG = Logger.getLogger(TryOnEventsResource.class.getName());
    private static final int MAX_BODY = 64 * 1024;

    private final GenerationJobs jobs;
    private final Optional<String> secret;
    private final Clock clock;

    @Inject
    public TryOnEventsResource(GenerationJobs jobs, @ConfigProperty(name = "lokiz.webhooks.tryon.secret") Optional<String> secret,
                               Clock clock) {
        this.jobs = jobs;
        this.secret = secret;
        this.clock = clock;
    }

    protected TryOnEventsResource() {
        this(null, Optional.empty(), null);
    }

    /** The event as the try-on service sends it (read from the verified bytes, so only described here). */
    @Schema(name = "TryOnEvent")
    public record Event(@Schema(required = true, enumeration = "tryon.completed") String type, @Schema(required = true) Data data) {
        @Schema(name = "TryOnEventData")
        public record Data(@Schema(required = true) String tryonImageId, @Schema(required = true) String userId,
                           @Schema(required = true, format = "uri") String imageUrl) {
        }
    }
    /** The queued job of a try-on image: the same for every delivery of its event. */
    @Schema(name = "TryOnQueued")
    public record Queued(String tryonImageId, String jobId, String status) {
    }

    @POST
    @Operation(operationId = "receiveTryOnEvent", summary = "A try-on image is ready: make its preview",
            description = "A Standard Webhooks delivery (webhook-id, webhook-timestamp within 5 minutes, webhook-signature over the raw body). "
                    + "The try-on image id is the request key: however often the event arrives, one job is made and the same answer given.")
    @SecurityRequirements
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = TryOnEventsResource.Event.class)))
    @APIResponse(responseCode = "202", description = "The job queued for this image",
            content = @Content(schema = @Schema(implementation = TryOnEventsResource.Queued.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "402", ref = "PaymentRequired")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Response receive(InputStream body,
                            @HeaderParam("webhook-id") String id,
                            @HeaderParam("webhook-timestamp") String timestamp,
                            @HeaderParam("webhook-signature") String signature) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw Problem.tooLarge("try-on events may be at most 64 KB");
        }
        if (secret.isEmpty()) {
            throw rejected("lokiz.webhooks.tryon.secret is not configured, so no event can verify");
        }
        try {
            new StandardWebhook(secret.get(), clock, Duration.ofMinutes(5)).verify(id, timestamp, signature, bytes);
        } catch (WebhookRejected e) {
            throw rejected(e.getMessage());
        }
        JsonObject data = data(bytes);
        String tryonImageId = data.getString("tryonImageId");
        String user = data.getString("userId");
        RequestKey key = RequestKey.of("tryon:" + tryonImageId, "tryon:" + tryonImageId);
        var preview = new PreviewRequest(Still.byUrl(data.getString("imageUrl"), "data.imageUrl"), VideoSettings.DEFAULT);
        JobRecord queued = jobs.accept(user, preview, key); // not rate limited: the try-on service, not the user, sends it
        return Response.accepted(new Queued(tryonImageId, queued.id().toString(), queued.state().wire())).build();
    }

    private static JsonObject data(byte[] bytes) {
        try {
            JsonObject event = Json.createReader(new ByteArrayInputStream(bytes)).readObject();
            if (!"tryon.completed".equals(event.getString("type", ""))) {
                throw Problem.invalid("type", "only tryon.completed events are taken");
            }
            JsonObject data = event.getJsonObject("data");
            for (String field : new String[]{"tryonImageId", "userId", "imageUrl"}) {
                if (data == null || data.getString(field, "").isBlank()) {
                    throw Problem.invalid("data." + field, "data." + field + " is required");
                }
            }
            return data;
        } catch (JsonException | ClassCastException | IllegalStateException e) {
            throw Problem.invalid("body", "the event is not a JSON object of the documented shape");
        }
    }

    private static RuntimeException rejected(String reason) {
        LOG.warning("try-on event rejected: " + reason);
        return Problem.webhookRejected();
    }
}
