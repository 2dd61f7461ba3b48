package io.lokiz.providers.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

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
    public Response fal(InputStream body,
                        @HeaderParam("X-Fal-Webhook-Request-Id") String requestId,
                        @HeaderParam("X-Fal-Webhook-User-Id") String userId,
                        @HeaderParam("X-Fal-Webhook-Timestamp") String timestamp,
                        @HeaderParam("X-Fal-Webhook-Signature") String signature) throws IOException {
        return webhooks.fal(body, requestId, userId, timestamp, signature);
    }
}
