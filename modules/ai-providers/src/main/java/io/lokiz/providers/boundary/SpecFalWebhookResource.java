package io.lokiz.providers.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
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
@Tag(name = "Provider webhooks")
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
    @Operation(operationId = "receiveFalCallbackAtSpecAddress", summary = "fal.ai's completion callback, at the spec's address",
            description = "The same as POST /api/webhooks/fal: verified (Ed25519 over fal's JWKS, within 5 minutes) on the raw body "
                    + "before it is read; a verified callback makes the waiting job poll now. Deliveries may repeat: they change nothing more.")
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
        return webhooks.fal(body, requestId, userId, timestamp, signature);
    }
}
