package io.lokiz.providers.boundary;

import io.lokiz.providers.ProviderSpend;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the AI providers cost this month, against the budget that stops paid generations. */
@Path("api/admin/providers")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
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
    @Path("spend")
    public ProviderSpend.Month spend() {
        return spend.month();
    }
}
