package io.lokiz.credits.boundary;

import io.lokiz.audit.AuditTrail;
import io.lokiz.credits.Balance;
import io.lokiz.credits.Credits;
import io.lokiz.credits.Entry;
import io.lokiz.credits.InsufficientCredits;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.kernel.RequestKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The admin console's credit tools: grants, adjustments with a reason, and prices. Each change, and each read of an
 * account's ledger, is one transaction with its entry in the audit trail.
 */
@Path("api/admin")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - credits")
public class AdminCreditsResource {

    private final Credits credits;
    private final AuditTrail audit;
    private final Clock clock;

    @Context
    SecurityContext security;

    @Inject
    public AdminCreditsResource(Credits credits, AuditTrail audit, Clock clock) {
        this.credits = credits;
        this.audit = audit;
        this.clock = clock;
    }

    protected AdminCreditsResource() {
        this(null, null, null);
    }

    /** An account in the audit trail: its balance, and the entry that changed it (after a change). */
    public record AccountState(Balance balance, Entry entry) {
    }

    /** {@code expiresAt} optional (ISO-8601); credits expiring soonest are spent first. */
    @Schema(name = "CreditGrant")
    public record Grant(@NotBlank(message = "is required") @Size(max = 200) String account,
                        @NotNull(message = "is required") @Min(1) @Max(Credits.MAX_CHANGE) Long amount,
                        @Size(max = 500) String reason,
                        Instant expiresAt) {
    }

    /** {@code amount} may be negative, never zero; a reason is required. */
    @Schema(name = "CreditAdjustment")
    public record Adjustment(@NotBlank(message = "is required") @Size(max = 200) String account,
                             @NotNull(message = "is required") @Min(-Credits.MAX_CHANGE) @Max(Credits.MAX_CHANGE) Long amount,
                             @NotBlank(message = "is required") @Size(max = 500) String reason) {
    }

    @POST
    @Path("credits/grants")
    @Operation(operationId = "grantCredits", summary = "Grant credits to an account",
            description = "amount 1 to the largest change allowed, an optional reason and an optional expiresAt in the future; credits "
                    + "expiring soonest are spent first. Send an Idempotency-Key to make retries safe.")
    @APIResponse(responseCode = "201", description = "The ledger entry", content = @Content(schema = @Schema(implementation = Entry.class)))
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @Transactional
    public Response grant(Grant grant, @HeaderParam(RequestKey.HEADER) String key) {
        if (grant.expiresAt() != null && !grant.expiresAt().isAfter(clock.instant())) {
            throw Problem.invalid("expiresAt", "expiresAt must lie in the future");
        }
        String reason = grant.reason() == null || grant.reason().isBlank() ? "granted by an admin" : grant.reason();
        try {
            Entry entry = credits.grant(grant.account(), grant.amount(), reason, grant.expiresAt(), key(key, grant));
            audited("credits.grant", grant.account(), entry);
            return Response.status(201).entity(entry).build();
        } catch (RequestKey.Reused e) {
            throw e.problem();
        }
    }

    @POST
    @Path("credits/adjustments")
    @Operation(operationId = "adjustCredits", summary = "Adjust an account's balance, with a reason",
            description = "amount may be negative, never zero, and never takes the balance below zero. Send an Idempotency-Key to make retries safe.")
    @APIResponse(responseCode = "201", description = "The ledger entry", content = @Content(schema = @Schema(implementation = Entry.class)))
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @Transactional
    public Response adjust(Adjustment adjustment, @HeaderParam(RequestKey.HEADER) String key) {
        if (adjustment.amount() == 0) {
            throw Problem.invalid("amount", "amount must not be 0: an adjustment changes the balance");
        }
        try {
            Entry entry = credits.adjust(adjustment.account(), adjustment.amount(), adjustment.reason(), key(key, adjustment));
            audited("credits.adjust", adjustment.account(), entry);
            return Response.status(201).entity(entry).build();
        } catch (InsufficientCredits e) {
            throw Problem.invalid("amount", "the account has " + e.available() + " credits available; a balance never goes below zero");
        } catch (RequestKey.Reused e) {
            throw e.problem();
        }
    }

    /** An account's balance and a page of its ledger, newest first; {@code next} pages on as {@code before}. */
    @Schema(name = "CreditAccount")
    public record Account(String account, Balance balance, List<Entry> entries, Long next) {
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Path("credits/accounts/{account}")
    @Transactional // the read and its audit entry
    @Operation(operationId = "getCreditAccount", summary = "An account's balance and ledger",
            description = "A page of its entries, newest first (limit 1-200, default 50); next pages on as before.")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Account account(@PathParam("account") String account, @QueryParam("before") Long before, @QueryParam("limit") Integer limit) {
        if (account.isBlank() || account.length() > 200) {
            throw Problem.invalid("account", "an account is 1 to 200 characters");
        }
        int size = CreditsResource.pageSize(limit);
        List<Entry> page = credits.entries(account, before, size);
        audit.record("credits.ledger.read", "account:" + account, null, null);
        return new Account(account, credits.look(account), page, page.size() < size ? null : page.get(page.size() - 1).id());
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Path("prices")
    @Operation(operationId = "listPricesForAdmin", summary = "The price of each job type", description = "Credits per job, by job type.")
    @APIResponse(responseCode = "200", description = "Prices by job type")
    public Map<String, Integer> prices() {
        return credits.prices();
    }

    /** Sets the given job types' prices (others stay); a job keeps the price it was accepted at. */
    @PUT
    @Path("prices")
    @Operation(operationId = "setPrices", summary = "Change prices",
            description = "Sets the given job types' prices (the others stay); a job keeps the price it was accepted at.")
    @APIResponse(responseCode = "200", description = "Every price as it is now")
    @Transactional
    public Map<String, Integer> setPrices(Map<String, Integer> changes) {
        if (changes == null || changes.isEmpty()) {
            throw Problem.invalid("prices", "send {\"<job type>\": <credits>, ...}");
        }
        changes.forEach((type, price) -> {
            if (price == null || price < 0 || price > Credits.MAX_PRICE) {
                throw Problem.invalid(type, "a price is a whole number of credits from 0 to " + Credits.MAX_PRICE);
            }
        });
        Map<String, Integer> was = credits.prices();
        if (!credits.setPrices(changes)) {
            throw Problem.invalid("prices", "known job types are " + was.keySet());
        }
        Map<String, Integer> now = credits.prices();
        Map<String, Integer> before = new LinkedHashMap<>();
        Map<String, Integer> after = new LinkedHashMap<>();
        changes.keySet().forEach(type -> {
            before.put(type, was.get(type));
            after.put(type, now.get(type));
        });
        audit.record("prices.change", "prices", before, after);
        return now;
    }

    /**
     * A grant's or adjustment's entry in the trail: the balance before (the balance after, less what the entry moved,
     * both read under the account's lock the entry took) and after. A request repeated under its Idempotency-Key answers
     * the first entry and changes nothing, so it adds no entry either.
     */
    private void audited(String action, String account, Entry entry) {
        Balance after = credits.look(account);
        Balance before = Balance.of(after.available() - entry.availableDelta(), after.held() - entry.heldDelta());
        audit.recordOnce(action, "account:" + account, new AccountState(before, null), new AccountState(after, entry));
    }

    /**
     * The admin's key in the admin's own namespace, fingerprinted by the whole request (a grant
     * and an adjustment under one key are different requests); without a key, every request is new.
     */
    private RequestKey key(String header, Record request) {
        String admin = Caller.require(security);
        RequestKey key = RequestKey.of(header, request.toString());
        return (key == null ? RequestKey.of(UUID.randomUUID().toString(), request.toString()) : key).within("admin:" + admin);
    }
}
