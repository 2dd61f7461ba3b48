package io.lokiz.webhooks.boundary;

import io.lokiz.audit.AuditTrail;
import io.lokiz.fetch.FetchRefused;
import io.lokiz.fetch.GuardedFetcher;
import io.lokiz.kernel.Problem;
import io.lokiz.webhooks.Webhooks;
import io.lokiz.webhooks.control.Deliveries;
import io.lokiz.webhooks.control.Endpoint;
import io.lokiz.webhooks.control.Endpoints;
import io.lokiz.webhooks.control.Outbox;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The admin console's webhook endpoints: kept by admins, each with its own secret (shown when it
 * is made, never again), the events it wants, a test event, and the delivery log with replay.
 */
@Path("api/admin/webhooks/endpoints")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - webhooks")
public class AdminWebhooksResource {

    static final int MAX_URL = 2000;
    static final int MAX_BURST = 1000;

    private final Endpoints endpoints;
    private final Deliveries deliveries;
    private final Outbox outbox;
    private final GuardedFetcher guard;
    private final AuditTrail audit;
    private final Clock clock;

    @Inject
    public AdminWebhooksResource(Endpoints endpoints, Deliveries deliveries, Outbox outbox, GuardedFetcher guard, AuditTrail audit,
                                 Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    protected AdminWebhooksResource() {
        this(null, null, null, null, null, null);
    }

    /** What the audit trail keeps of a test or a replay: what was sent again, or how much. */
    public record Sent(List<String> messages, Instant since, Integer replayed) {
    }

    @Schema(name = "WebhookEndpointRequest", example = "{\"url\":\"https://hooks.example.com/lokiz\",\"events\":[\"job.completed\",\"job.failed\"],"
            + "\"description\":\"studio backend\"}")
    public record EndpointRequest(@NotNull(message = "is required") @Size(max = MAX_URL) String url,
                                  @NotNull(message = "is required") @Size(min = 1, max = 20) List<String> events,
                                  @Size(max = 500) String description) {
    }

    @Schema(name = "WebhookEndpointChange", example = "{\"enabled\":true}",
            description = "Only what is sent changes; enabling an endpoint starts it afresh and sends what waited for it")
    public record EndpointChange(@Size(max = MAX_URL) String url, @Size(min = 1, max = 20) List<String> events, Boolean enabled,
                                 @Size(max = 500) String description) {
    }

    @Schema(name = "WebhookTest", example = "{}", description = "count (1-1000, default 1): a burst, to see how the receiver takes one")
    public record TestRequest(@Min(1) @Max(MAX_BURST) Integer count) {
    }

    @Schema(name = "WebhookReplay", example = "{\"since\":\"2026-12-01T00:00:00Z\"}")
    public record ReplayRequest(@NotNull(message = "is required") Instant since) {
    }

    @Schema(name = "WebhookEndpointList")
    public record EndpointList(List<EndpointView> endpoints) {
    }

    @Schema(name = "WebhookTestSent")
    public record TestSent(List<String> messages) {
    }

    @Schema(name = "WebhookReplayed")
    public record Replayed(int replayed) {
    }

    @Schema(name = "WebhookDeliveryPage")
    public record DeliveryPage(List<Deliveries.Logged> deliveries, @Schema(description = "pages on as before; absent on the last page") String next) {
    }

    @POST
    @Transactional
    @Operation(operationId = "createWebhookEndpoint", summary = "Add an endpoint",
            description = "url (https and a public address, as for imports), the events it wants and a description. The answer holds the "
                    + "endpoint's whsec_ secret: it is shown this once.")
    @APIResponse(responseCode = "201", description = "The endpoint, with its secret",
            content = @Content(schema = @Schema(implementation = EndpointView.class)))
    public Response create(EndpointRequest request) {
        String url = url(request.url());
        Endpoint made = endpoints.create(url, request.description() == null ? "" : request.description(), events(request.events()));
        audit.record("webhooks.endpoint.create", target(made), null, EndpointView.of(made, false)); // never the secret
        return Response.created(URI.create("api/admin/webhooks/endpoints/" + made.id())).entity(EndpointView.of(made, true)).build();
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Operation(operationId = "listWebhookEndpoints", summary = "Every endpoint", description = "Oldest first; secrets are never shown here.")
    @APIResponse(responseCode = "200", description = "The endpoints")
    public EndpointList list() {
        return new EndpointList(endpoints.list().stream().map(e -> EndpointView.of(e, false)).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"admin", "support"})
    @Operation(operationId = "getWebhookEndpoint", summary = "One endpoint",
            description = "With why and since when it is disabled, if it is, and since when it fails, if it does.")
    @APIResponse(responseCode = "200", description = "The endpoint")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public EndpointView get(@PathParam("id") String id) {
        return EndpointView.of(endpoint(id), false);
    }

    @PATCH
    @Path("{id}")
    @Operation(operationId = "updateWebhookEndpoint", summary = "Change an endpoint", description = "url, events, enabled, description: what is sent changes.")
    @APIResponse(responseCode = "200", description = "The endpoint")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @Transactional
    public EndpointView update(@PathParam("id") String id, EndpointChange change) {
        Endpoint before = locked(id);
        String url = change.url() == null ? null : url(change.url());
        List<String> events = change.events() == null ? null : events(change.events());
        EndpointView after = EndpointView.of(endpoints.update(before.id(), url, change.description(), events, change.enabled()).orElseThrow(), false);
        audit.record("webhooks.endpoint.update", target(before), EndpointView.of(before, false), after);
        return after;
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Remove an endpoint", description = "With its deliveries and their log.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        Endpoint before = locked(id);
        endpoints.delete(before.id());
        audit.record("webhooks.endpoint.delete", target(before), EndpointView.of(before, false), null);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "Give an endpoint a new secret",
            description = "The new secret is in the answer, shown this once. For 24 hours every message carries a signature by each "
                    + "secret (Standard Webhooks' space-separated signatures), so the receiver can switch without losing one.")
    @APIResponse(responseCode = "200", description = "The endpoint, with its new secret",
            content = @Content(schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @Transactional
    public EndpointView rotate(@PathParam("id") String id) {
        Endpoint before = locked(id);
        Endpoint after = endpoints.rotate(before.id()).orElseThrow();
        // the trail says that and when the secret changed (previousSecretExpiresAt), never what either secret is
        audit.record("webhooks.secret.rotate", target(before), EndpointView.of(before, false), EndpointView.of(after, false));
        return EndpointView.of(after, true);
    }

    @POST
    @Path("{id}/test")
    @Transactional
    @Operation(operationId = "sendWebhookTest", summary = "Send a webhook.test event",
            description = "To this endpoint only, whatever events it wants; count sends a burst.")
    @APIResponse(responseCode = "202", description = "The messages, on their way",
            content = @Content(schema = @Schema(implementation = TestSent.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response test(@PathParam("id") String id, TestRequest request) {
        Endpoint endpoint = enabled(endpoint(id));
        int count = request.count() == null ? 1 : request.count();
        var data = Json.createObjectBuilder().add("endpoint_id", endpoint.id().toString())
                .add("message", "A test event from Lokiz: this endpoint receives and verifies our webhooks.").build();
        List<String> messages = outbox.test(endpoint.id(), count, data);
        audit.record("webhooks.test", target(endpoint), null, new Sent(messages, null, null));
        return Response.accepted(new TestSent(messages)).build();
    }

    @GET
    @Path("{id}/deliveries")
    @RolesAllowed({"admin", "support"})
    @Operation(operationId = "listWebhookDeliveries", summary = "The endpoint's delivery log",
            description = "Each message, newest first, with every attempt: when, the status (absent when there was no answer), "
                    + "how long it took and the first KB of the answer (or why there was none). state filters (pending, delivered, "
                    + "failed); limit 1-200, default 50; next pages on as before.")
    @APIResponse(responseCode = "200", description = "A page of deliveries")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public DeliveryPage deliveries(@PathParam("id") String id, @QueryParam("state") String state, @QueryParam("before") String before,
                                   @QueryParam("limit") Integer limit) {
        Endpoint endpoint = endpoint(id);
        if (state != null && !List.of("pending", "delivered", "failed").contains(state)) {
            throw Problem.invalid("state", "state is pending, delivered or failed");
        }
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw Problem.invalid("limit", "limit is 1 to 200");
        }
        Instant beforeAt = null;
        String beforeId = null;
        if (before != null) {
            try {
                String[] cursor = new String(Base64.getUrlDecoder().decode(before), StandardCharsets.UTF_8).split("\\|", 2);
                beforeAt = Instant.parse(cursor[0]);
                beforeId = cursor[1];
            } catch (RuntimeException e) {
                throw Problem.invalid("before", "before is the next of an earlier page");
            }
        }
        List<Deliveries.Logged> page = deliveries.log(endpoint.id(), state, beforeAt, beforeId, size);
        String next = null;
        if (page.size() == size) {
            Deliveries.Logged last = page.get(page.size() - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString((last.createdAt() + "|" + last.messageId()).getBytes(StandardCharsets.UTF_8));
        }
        return new DeliveryPage(page, next);
    }

    @POST
    @Path("{id}/deliveries/{message}/replay")
    @Transactional
    @Operation(operationId = "replayWebhookMessage", summary = "Send one message again",
            description = "At once, with the same webhook-id and a fresh round of attempts.")
    @APIResponse(responseCode = "202", description = "On its way")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response replay(@PathParam("id") String id, @PathParam("message") String message) {
        Endpoint endpoint = enabled(endpoint(id));
        if (!deliveries.replay(endpoint.id(), message)) {
            throw Problem.notFound("webhook-message", message);
        }
        audit.record("webhooks.replay", target(endpoint), null, new Sent(List.of(message), null, null));
        return Response.accepted().build();
    }

    @POST
    @Path("{id}/replay")
    @Transactional
    @Operation(operationId = "replayFailedWebhooks", summary = "Send again every message given up since a time",
            description = "Every message to this endpoint whose attempts ran out, written since since; each at once, with a fresh round of attempts.")
    @APIResponse(responseCode = "202", description = "How many are on their way",
            content = @Content(schema = @Schema(implementation = Replayed.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Response replayFailed(@PathParam("id") String id, ReplayRequest request) {
        Endpoint endpoint = enabled(endpoint(id));
        int replayed = deliveries.replayFailed(endpoint.id(), request.since());
        audit.record("webhooks.replay-failed", target(endpoint), null, new Sent(null, request.since(), replayed));
        return Response.accepted(new Replayed(replayed)).build();
    }

    private Endpoint endpoint(String id) {
        return endpoints.find(Problem.idOrNotFound("webhook-endpoint", id)).orElseThrow(() -> Problem.notFound("webhook-endpoint", id));
    }

    private Endpoint locked(String id) {
        return endpoints.locked(Problem.idOrNotFound("webhook-endpoint", id)).orElseThrow(() -> Problem.notFound("webhook-endpoint", id));
    }

    private static String target(Endpoint endpoint) {
        return "webhook-endpoint:" + endpoint.id();
    }

    /** Sending to a disabled endpoint would only queue up: it is enabled first, knowingly. */
    private static Endpoint enabled(Endpoint endpoint) {
        if (!endpoint.enabled()) {
            throw Problem.of(409, "webhook-endpoint-disabled", "Endpoint disabled",
                    "The endpoint is disabled (" + endpoint.disabledReason() + "); enable it first with {\"enabled\": true}");
        }
        return endpoint;
    }

    /** The URL as the guard would send to it now: https (plain http only where configured), a public address. */
    private String url(String url) {
        try {
            guard.check(url.trim());
            return url.trim();
        } catch (FetchRefused e) {
            throw Problem.urlRefused("url", e.getMessage());
        }
    }

    private static List<String> events(List<String> events) {
        for (String event : events) {
            if (event == null || !Webhooks.EVENTS.contains(event)) {
                throw Problem.invalid("events", "\"" + event + "\" is no event; events are " + String.join(", ", Webhooks.EVENTS));
            }
        }
        return events.stream().distinct().toList();
    }
}
