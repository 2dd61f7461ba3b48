package io.lokiz.generation.boundary;

import io.lokiz.assets.VideoRefusals;
import io.lokiz.generation.control.Brandings;
import io.lokiz.kernel.Directories;
import io.lokiz.kernel.Problem;
import io.lokiz.media.ImageNormaliser;
import io.lokiz.media.UnusableImage;
import io.lokiz.media.UnusableVideo;
import io.lokiz.media.VideoEncoder;
import io.lokiz.media.VideoFacts;
import io.lokiz.media.VideoProbe;
import io.lokiz.storage.Storage;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The brand's intro, outro and watermark ({@code /api/admin/branding}): {@code PUT /{kind}} with
 * the file uploads (probed and refused clearly when broken; clips normalised once, here, so that
 * joining them to each video costs little), with {@code {"enabled": false}} switches it off;
 * {@code GET} lists them with a preview URL; {@code DELETE /{kind}} removes one.
 */
@Path("api/admin/branding")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin - branding")
public class AdminBrandingResource {

    /** Brand clips are short: a few seconds before and after a 3–10 s video. */
    static final double MAX_CLIP_SECONDS = 15;
    static final int MAX_BYTES = 50 * 1024 * 1024;

    private final Brandings brandings;
    private final VideoProbe probe;
    private final VideoEncoder encoder;
    private final ImageNormaliser images;
    private final Storage storage;

    @Inject
    public AdminBrandingResource(Brandings brandings, VideoProbe probe, VideoEncoder encoder, ImageNormaliser images, Storage storage) {
        this.brandings = brandings;
        this.probe = probe;
        this.encoder = encoder;
        this.images = images;
        this.storage = storage;
    }

    protected AdminBrandingResource() {
        this(null, null, null, null, null);
    }

    /** One brand asset as the console shows it. */
    @Schema(name = "BrandingAsset")
    public record Listed(String kind, boolean enabled, double seconds, boolean hasAudio, String previewUrl) {
    }

    @Schema(name = "BrandingSwitch")
    public record Switch(@NotNull(message = "is required") Boolean enabled) {
    }

    @GET
    @RolesAllowed({"admin", "support"}) // support reads what admins see and changes nothing
    @Operation(operationId = "listBranding", summary = "The brand's intro, outro and watermark",
            description = "Each one present: whether it is on, its length, whether it has sound, and a URL to preview it.")
    @APIResponse(responseCode = "200", description = "The brand's files")
    public List<Listed> list() {
        return brandings.all().stream().map(this::listed).toList();
    }

    @PUT
    @Path("{kind}")
    @Consumes({"video/mp4", "video/quicktime", "video/webm", "image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "putBranding", summary = "Upload a brand file, or switch one on or off",
            description = "kind is intro, outro or watermark. A video (MP4, QuickTime, WebM, up to 10 s) for intro and outro, an image "
                    + "(PNG, JPEG, WebP) for the watermark, replacing what was there; or JSON {\"enabled\": true|false} to switch it.")
    @APIResponse(responseCode = "200", description = "The brand file as it is now",
            content = @Content(schema = @Schema(implementation = AdminBrandingResource.Listed.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Listed upload(@PathParam("kind") String kind, InputStream body) throws IOException {
        Brandings.Kind which = kind(kind);
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw Problem.tooLarge("Brand files may be at most " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        if (bytes.length == 0) {
            throw Problem.invalid("body", "The body is empty; send the " + kind + "'s bytes");
        }
        var work = Files.createTempDirectory("brand");
        try {
            if (which == Brandings.Kind.WATERMARK) {
                ImageNormaliser.Normalised still = images.normalise(bytes);
                var file = Files.write(work.resolve("watermark." + still.format().extension()), still.bytes());
                return listed(brandings.replace(which, file, still.format().extension(), 0, false));
            }
            var upload = Files.write(work.resolve("upload"), bytes);
            VideoFacts facts = probe.probe(upload, MAX_CLIP_SECONDS);
            var prepared = work.resolve("prepared.mp4");
            encoder.mezzanine(upload, prepared);
            return listed(brandings.replace(which, prepared, "mp4", facts.duration(), facts.hasAudio()));
        } catch (UnusableVideo e) {
            throw VideoRefusals.of(e);
        } catch (UnusableImage e) {
            throw Problem.of(e.reason() == UnusableImage.Reason.NOT_AN_IMAGE ? 415 : 422, "unusable-watermark", "Unusable watermark",
                    e.getMessage(), Map.of("field", "body"));
        } finally {
            Directories.delete(work);
        }
    }

    @PUT
    @Path("{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Listed turn(@PathParam("kind") String kind, Switch change) {
        Brandings.Kind which = kind(kind);
        if (change == null) {
            throw Problem.invalid("enabled", "send {\"enabled\": true|false}");
        }
        if (!brandings.enable(which, change.enabled())) {
            throw Problem.notFound("branding", kind);
        }
        return brandings.all().stream().filter(a -> a.kind() == which).findFirst().map(this::listed).orElseThrow();
    }

    @DELETE
    @Path("{kind}")
    @Operation(operationId = "deleteBranding", summary = "Remove a brand file",
            description = "Videos finished from now on go without it.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response delete(@PathParam("kind") String kind) throws IOException {
        if (!brandings.delete(kind(kind))) {
            throw Problem.notFound("branding", kind);
        }
        return Response.noContent().build();
    }

    private Listed listed(Brandings.Asset asset) {
        return new Listed(asset.kind().name().toLowerCase(Locale.ROOT), asset.enabled(), asset.seconds(), asset.hasAudio(),
                storage.publicUrl(asset.storageKey()));
    }

    private static Brandings.Kind kind(String kind) {
        return switch (kind) {
            case "intro" -> Brandings.Kind.INTRO;
            case "outro" -> Brandings.Kind.OUTRO;
            case "watermark" -> Brandings.Kind.WATERMARK;
            default -> throw Problem.notFound("branding", kind);
        };
    }
}
