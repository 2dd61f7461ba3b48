package io.lokiz.generation.boundary;

import io.lokiz.audit.AuditTrail;
import io.lokiz.generation.control.Templates;
import io.lokiz.kernel.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The template catalogue as admins keep it: all templates; {@code PUT /{id}} creates or changes
 * one, and {@code "enabled": false} withdraws it without breaking the jobs that used it.
 */
@Path("api/admin/templates")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - templates")
public class AdminTemplatesResource {

    private final Templates templates;
    private final AuditTrail audit;

    @Inject
    public AdminTemplatesResource(Templates templates, AuditTrail audit) {
        this.templates = templates;
        this.audit = audit;
    }

    protected AdminTemplatesResource() {
        this(null, null);
    }

    /** What an admin sends to create or change a template. */
    @Schema(name = "TemplateChange")
    public record Change(@NotBlank(message = "is required") @Size(max = 80) String name,
                         @JsonbProperty("default_prompt") @NotNull(message = "is required") @Size(max = 500) String defaultPrompt,
                         @NotNull(message = "is required") @Pattern(regexp = "PUSH_IN|SWAY|BOUNCE", message = "must be PUSH_IN, SWAY or BOUNCE")
                         String motion,
                         @NotNull(message = "is required") Boolean enabled) {
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Operation(operationId = "listAllTemplates", summary = "The whole template catalogue", description = "Enabled and disabled templates.")
    @APIResponse(responseCode = "200", description = "Every template")
    public List<Templates.Template> all() {
        return templates.all(false);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putTemplate", summary = "Create or change a template",
            description = "id is 1-40 of a-z, 0-9 and _; motion is PUSH_IN, SWAY or BOUNCE. A disabled template is offered to no new job.")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(schema = @Schema(implementation = Templates.Template.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = Templates.Template.class)))
    @Transactional
    public Response save(@PathParam("id") String id, Change change) {
        if (!id.matches("[a-z0-9_]{1,40}")) {
            throw Problem.invalid("id", "a template id is 1 to 40 of a-z, 0-9 and _");
        }
        if (change == null) {
            throw Problem.invalid("name", "send name, default_prompt, motion and enabled");
        }
        var template = new Templates.Template(id, change.name(), change.defaultPrompt(), change.motion(), change.enabled());
        Templates.Template before = templates.locked(id).orElse(null);
        boolean created = templates.save(template);
        audit.record("templates.put", "template:" + id, before, template);
        return Response.status(created ? 201 : 200).entity(template).build();
    }
}
