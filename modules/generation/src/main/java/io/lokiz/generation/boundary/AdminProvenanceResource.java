package io.lokiz.generation.boundary;

import io.lokiz.audit.AuditTrail;
import io.lokiz.generation.control.VisibleLabel;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.media.Branding;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The visible half of AI disclosure ({@code /api/admin/provenance}): whether finished videos carry
 * an "AI-generated" label drawn into the picture, and in which corner. The signed manifest is in
 * every file whatever this says; this only adds what a viewer sees without a verifier.
 */
@Path("api/admin/provenance")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - provenance")
public class AdminProvenanceResource {

    private final VisibleLabel label;
    private final AuditTrail audit;
    private final Clock clock;

    @Context
    SecurityContext security;

    @Inject
    public AdminProvenanceResource(VisibleLabel label, AuditTrail audit, Clock clock) {
        this.label = label;
        this.audit = audit;
        this.clock = clock;
    }

    protected AdminProvenanceResource() {
        this(null, null, null);
    }

    @Schema(name = "VisibleLabel", requiredProperties = {"visibleLabel", "labelCorner"})
    public record Shown(boolean visibleLabel, @Schema(enumeration = {"top-left", "top-right", "bottom-left", "bottom-right"}) String labelCorner,
                        Instant updatedAt, String updatedBy) {
    }

    @Schema(name = "VisibleLabelChange")
    public record Change(@NotNull(message = "is required") Boolean visibleLabel,
                         @Schema(enumeration = {"top-left", "top-right", "bottom-left", "bottom-right"}) String labelCorner) {
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Operation(operationId = "getVisibleLabel", summary = "Whether videos carry a visible AI-generated label",
            description = "Off by default; every video carries its signed C2PA manifest either way.")
    @APIResponse(responseCode = "200", description = "The setting")
    public Shown get() {
        return shown(label.current());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setVisibleLabel", summary = "Turn the visible AI-generated label on or off",
            description = "Drawn into the picture of videos encoded from now on, in labelCorner (top-left unless given).")
    @APIResponse(responseCode = "200", description = "The setting now")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @Transactional
    public Shown set(Change change) {
        if (change == null || change.visibleLabel() == null) {
            throw Problem.invalid("visibleLabel", "send {\"visibleLabel\": true|false}");
        }
        VisibleLabel.Setting before = label.locked();
        Branding.Corner corner = change.labelCorner() == null ? before.corner() : corner(change.labelCorner());
        Shown after = shown(label.set(change.visibleLabel(), corner, Caller.require(security), clock.instant()));
        audit.record("provenance.label.change", "visible-label", shown(before), after);
        return after;
    }

    private static Branding.Corner corner(String wire) {
        try {
            return Branding.Corner.valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("labelCorner", "labelCorner must be one of " + Arrays.stream(Branding.Corner.values())
                    .map(AdminProvenanceResource::wire).collect(Collectors.joining(", ")) + ", not " + wire);
        }
    }

    private static String wire(Branding.Corner corner) {
        return corner.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Shown shown(VisibleLabel.Setting s) {
        return new Shown(s.enabled(), wire(s.corner()), s.updatedAt(), s.updatedBy());
    }
}
