package io.lokiz.providers.boundary;

import io.lokiz.kernel.Problem;
import io.lokiz.kernel.StandardWebhook;
import io.lokiz.kernel.WebhookRejected;
import io.lokiz.providers.ProviderFinished;
import io.lokiz.providers.control.FalKeys;
import io.lokiz.providers.control.FalWebhook;
import io.lokiz.providers.control.WebhookDeliveries;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
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
 * Completion callbacks of the AI providers. Verified on the raw bytes before anything reads them;
 * a verified callback is announced as {@link ProviderFinished}, which only makes the waiting job's
 * next poll due now (architecture: the worker does the work), so repeated deliveries change nothing.
 */
@Path("api/webhooks")
@RequestScoped
@Tag(name = "Provider webhooks")
public class ProviderWebhooksResource {

    private static final Logger LOG = Logger.getLogger(ProviderWebhooksResource.class.getName());
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final int MAX_BODY = 1024 * 1024;

    private final Event<ProviderFinished> finished;
    private final FalKeys falKeys;
    private final WebhookDeliveries deliveries;
    private final Optional<String> replicateSecret;
    private final Clock clock;

    @Inject
    public ProviderWebhooksResource(Event<ProviderFinished> finished, FalKeys falKeys, WebhookDeliveries deliveries,
                                    @ConfigProperty(name = "lokiz.webhooks.replicate.secret") Optional<String> replicateSecret,
                                    Clock clock) {
        this.finished = finished;
        this.falKeys = falKeys;
        this.deliveries = deliveries;
        this.replicateSecret = replicateSecret;
        this.clock = clock;
    }

    protected ProviderWebhooksResource() {
        this(null, null, null, Optional.empty(), null);
    }

    @POST
    @Path("fal")
    @Operation(operationId = "receiveFalCallback", summary = "fal.ai's completion callback",
            description = "Verified (Ed25519 over fal's JWKS, within 5 minutes) on the raw body before it is read; a verified callback "
                    + "makes the waiting job poll now. Deliveries may repeat: they change nothing more.")
    @SecurityRequirements
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "204", description = "Verified and acted on")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    public Response fal(InputStream body,
                        @HeaderParam("X-Fal-Webhook-Request-Id") String requestId,
                        @HeaderParam("X-Fal-Webhook-User-Id") String userId,
                        @HeaderParam("X-Fal-Webhook-Timestamp") String timestamp,
                        @HeaderParam("X-Fal-Webhook-Signature") String signature) throws IOException {
        byte[] bytes = read(body);
        try {
            new FalWebhook(falKeys, clock, TOLERANCE).verify(requestId, userId, timestamp, signature, bytes);
        } catch (WebhookRejected e) {
            throw rejected("fal", e.getMessage());
        }
        String id = json(bytes).getString("request_id", requestId);
        finished.fire(new ProviderFinished("fal", id));
        return Response.noContent().build();
    }

    @POST
    @Path("replicate")
    @Operation(operationId = "receiveReplicateCallback", summary = "Replicate's completion callback",
            description = "A Standard Webhooks delivery (webhook-id, webhook-timestamp within 5 minutes, webhook-signature over the raw body); "
                    + "a verified callback makes the waiting job poll now, once per webhook-id.")
    @SecurityRequirements
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "204", description = "Verified and acted on")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    public Response replicate(InputStream body,
                              @HeaderParam("webhook-id") String webhookId,
                              @HeaderParam("webhook-timestamp") String timestamp,
                              @HeaderParam("webhook-signature") String signature) throws IOException {
        byte[] bytes = read(body);
        if (replicateSecret.isEmpty()) {
            throw rejected("replicate", "lokiz.webhooks.replicate.secret is not configured, so no delivery can verify");
        }
        try {
            new StandardWebhook(replicateSecret.get(), clock, TOLERANCE).verify(webhookId, timestamp, signature, bytes);
        } catch (WebhookRejected e) {
            throw rejected("replicate", e.getMessage());
        }
        String prediction = json(bytes).getString("id", "");
        if (deliveries.first("replicate", webhookId)) {
            finished.fire(new ProviderFinished("replicate", prediction));
        } else {
            LOG.fine("replicate webhook " + webhookId + " for prediction " + prediction + " delivered again; already acted on");
        }
        return Response.noContent().build();
    }

    private static byte[] read(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw Problem.tooLarge("webhook bodies may be at most 1 MB");
        }
        return bytes;
    }

    private static JsonObject json(byte[] bytes) {
        try {
            return Json.createReader(new ByteArrayInputStream(bytes)).readObject();
        } catch (JsonException | IllegalStateException e) {
            throw Problem.invalid("body", "the webhook body is not a JSON object");
        }
    }

    /** The caller learns only that the signature did not verify; why, and what is configured, goes to our log. */
    private static RuntimeException rejected(String provider, String reason) {
        LOG.warning(provider + " webhook rejected: " + reason); // the reason never contains a secret
        return Problem.webhookRejected();
    }
}
