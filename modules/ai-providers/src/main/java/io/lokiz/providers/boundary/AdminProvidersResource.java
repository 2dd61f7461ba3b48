package io.lokiz.providers.boundary;

import io.lokiz.providers.ProviderSpend;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the AI providers cost this month, against the budget that stops paid generations. */
@Path("api/admin/providers")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - providers")
public class AdminProvidersResource {

    private final ProviderSpend spend;

    @Inject
    public AdminProvidersResource(ProviderSpend spend) {
        this.spend = spend;
    }

    protected AdminProvidersResource() {
        this(null);
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Path("spend")
    @Operation(operationId = "getProviderSpend", summary = "What the AI providers cost this month",
            description = "Per provider: spent and budget in USD, and when the budget renews. A spent budget stops that provider's paid generations.")
    @APIResponse(responseCode = "200", description = "This month's spend")
    public ProviderSpend.Month spend() {
        return spend.month();
    }
}
