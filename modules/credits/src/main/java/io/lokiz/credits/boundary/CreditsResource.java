package io.lokiz.credits.boundary;

import io.lokiz.credits.Balance;
import io.lokiz.credits.Credits;
import io.lokiz.credits.Entry;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** The caller's own credits: balance, ledger entries (newest first) and the price list. */
@Path("api/credits")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Credits")
public class CreditsResource {

    private final Credits credits;

    @Context
    SecurityContext security;

    @Inject
    public CreditsResource(Credits credits) {
        this.credits = credits;
    }

    protected CreditsResource() {
        this(null);
    }

    /** A page of entries; {@code next} is the {@code before} of the following page, null at the end. */
    @Schema(name = "CreditPage")
    public record Page(List<Entry> entries, Long next) {
    }

    @GET
    @Path("balance")
    @Operation(operationId = "getBalance", summary = "The caller's credits",
            description = "available to spend, held by jobs not yet ended, and their total.")
    @APIResponse(responseCode = "200", description = "The balance")
    public Balance balance() {
        return credits.balance(Caller.require(security));
    }

    /** What each job type costs now, in credits: shown before anyone submits. */
    @GET
    @Path("prices")
    @Operation(operationId = "listPrices", summary = "What each job type costs", description = "Credits per job, by job type, as charged now.")
    @APIResponse(responseCode = "200", description = "Prices by job type")
    public Map<String, Integer> prices() {
        return credits.prices();
    }

    @GET
    @Path("entries")
    @Operation(operationId = "listCreditEntries", summary = "The caller's ledger, newest first",
            description = "Grants, holds, charges, releases and adjustments; limit 1-200 (default 50); next pages on as before.")
    @APIResponse(responseCode = "200", description = "A page of entries")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    public Page entries(@QueryParam("before") Long before, @QueryParam("limit") Integer limit) {
        int size = pageSize(limit);
        List<Entry> page = credits.entries(Caller.require(security), before, size);
        return new Page(page, page.size() < size ? null : page.get(page.size() - 1).id());
    }

    /** A page's size: 50 unless asked, at most 200. */
    static int pageSize(Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw Problem.invalid("limit", "limit must be between 1 and 200");
        }
        return size;
    }
}
