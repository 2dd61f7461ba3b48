package io.lokiz.providers.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;

/**
 * fal.ai's callbacks at the spec's address ({@code POST /api/video/webhook}, SPEC-VIDEOGEN-001's
 * API table), verified and acted on exactly as at {@code /api/webhooks/fal}, where our own
 * submissions point them.
 */
@Path("api/video/webhook")
@RequestScoped
public class SpecFalWebhookResource {

    private final ProviderWebhooksResource webhooks;

    @Inject
    public SpecFalWebhookResource(ProviderWebhooksResource webhooks) {
        this.webhooks = webhooks;
    }

    protected SpecFalWebhookResource() {
        this(null);
    }

    @POST
    @Tag(name = "Provider webhooks")
    @Operation(operationId = "receiveFalCallbackAtSpecAddress", summary = "fal.ai's completion callback, at the spec's address",
            description = "Verified (Ed25519 over fal's JWKS, within 5 minutes) on the raw body before it is read; a verified "
                    + "callback makes the waiting job poll now. Deliveries may repeat: they change nothing more.")
    @APIResponse(responseCode = "204", description = "Verified and acted on")
    @APIResponse(responseCode = "401", description = "The signature is invalid", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "413", description = "The body is larger than the 64 KB JSON bodies may take", content = @Content(mediaType = "application/problem+json"))
    public Response fal(InputStream body,
                        @HeaderParam("X-Fal-Webhook-Request-Id") String requestId,
                        @HeaderParam("X-Fal-Webhook-User-Id") String userId,
                        @HeaderParam("X-Fal-Webhook-Timestamp") String timestamp,
                        @HeaderParam("X-Fal-Webhook-Signature") String signature) throws IOException {
        return webhooks.fal(body, requestId, userId, timestamp, signature);
    }
}
