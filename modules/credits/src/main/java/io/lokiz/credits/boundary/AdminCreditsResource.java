package io.lokiz.credits.boundary;

import io.lokiz.credits.Credits;
import io.lokiz.credits.Entry;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.kernel.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The admin console's credit tools: grants, adjustments with a reason, and prices. */
@Path("api/admin")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminCreditsResource {

    private final Credits credits;

    @Inject
    public AdminCreditsResource(Credits credits) {
        this.credits = credits;
    }

    protected AdminCreditsResource() {
        this(null);
    }

    /** {@code expiresAt} optional (ISO-8601); credits expiring soonest are spent first. */
    public record Grant(String account, Long amount, String reason, Instant expiresAt) {
    }

    /** {@code amount} may be negative; a reason is required. */
    public record Adjustment(String account, Long amount, String reason) {
    }

    @POST
    @Path("credits/grants")
    public Response grant(Grant grant, @HeaderParam("Idempotency-Key") String key) {
        require(grant == null ? null : grant.account(), "account");
        if (grant.amount() == null || grant.amount() <= 0) {
            throw Problem.invalid("amount", "amount must be a positive whole number of credits");
        }
        if (grant.expiresAt() != null && !grant.expiresAt().isAfter(Instant.now())) {
            throw Problem.invalid("expiresAt", "expiresAt must lie in the future");
        }
        String reason = grant.reason() == null || grant.reason().isBlank() ? "granted by an admin" : grant.reason();
        Entry entry = credits.grant(grant.account(), grant.amount(), reason, grant.expiresAt(), keyOrNew(key));
        return Response.status(201).entity(entry).build();
    }

    @POST
    @Path("credits/adjustments")
    public Response adjust(Adjustment adjustment, @HeaderParam("Idempotency-Key") String key) {
        require(adjustment == null ? null : adjustment.account(), "account");
        require(adjustment.reason(), "reason");
        if (adjustment.amount() == null || adjustment.amount() == 0) {
            throw Problem.invalid("amount", "amount must be a non-zero whole number of credits");
        }
        try {
            Entry entry = credits.adjust(adjustment.account(), adjustment.amount(), adjustment.reason(), keyOrNew(key));
            return Response.status(201).entity(entry).build();
        } catch (InsufficientCredits e) {
            throw Problem.invalid("amount", "the account has " + e.available() + " credits available; a balance never goes below zero");
        }
    }

    @GET
    @Path("prices")
    public Map<String, Integer> prices() {
        return credits.prices();
    }

    /** Sets the given job types' prices (others stay); a job keeps the price it was accepted at. */
    @PUT
    @Path("prices")
    public Map<String, Integer> setPrices(Map<String, Integer> changes) {
        if (changes == null || changes.isEmpty()) {
            throw Problem.invalid("prices", "send {\"<job type>\": <credits>, ...}");
        }
        changes.forEach((type, price) -> {
            if (price == null || price < 0) {
                throw Problem.invalid(type, "a price is a whole number of credits, 0 or more");
            }
        });
        if (!credits.setPrices(changes)) {
            throw Problem.invalid("prices", "known job types are " + credits.prices().keySet());
        }
        return credits.prices();
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw Problem.invalid(field, field + " is required");
        }
    }

    private static String keyOrNew(String key) {
        if (key != null && key.length() > 200) {
            throw Problem.invalid("Idempotency-Key", "Idempotency-Key may be at most 200 characters");
        }
        return key == null || key.isBlank() ? UUID.randomUUID().toString() : key;
    }
}
