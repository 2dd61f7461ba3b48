package io.lokiz.generation.boundary;

import io.lokiz.generation.control.Templates;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The template catalogue as users see it: the enabled templates (admins keep them at {@code /api/admin/templates}). */
@Path("v1/ai/templates")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Templates")
public class TemplatesResource {

    private final Templates templates;

    @Inject
    public TemplatesResource(Templates templates) {
        this.templates = templates;
    }

    protected TemplatesResource() {
        this(null);
    }

    /** A template as users see it. */
    @Schema(name = "TemplateListing")
    public record Listed(String id, String name, @JsonbProperty("default_prompt") String defaultPrompt, String preview) {
    }

    @GET
    @Operation(operationId = "listTemplates", summary = "The motion templates",
            description = "The ids a template job takes, with each template's name, default prompt and preview.")
    @APIResponse(responseCode = "200", description = "The enabled templates")
    public List<Listed> listed() {
        // No preview clips yet: the catalogue names the motion; a rendered sample is the studio's issue.
        return templates.all(true).stream().map(t -> new Listed(t.id(), t.name(), t.defaultPrompt(), null)).toList();
    }
}
