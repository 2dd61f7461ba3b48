package io.lokiz.assets.boundary;

import io.lokiz.assets.Images;
import io.lokiz.assets.NotAnImage;
import io.lokiz.assets.QuotaExceeded;
import io.lokiz.assets.StoredImage;
import io.lokiz.assets.UploadLimit;
import io.lokiz.fetch.FetchRefused;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.media.ImageFormat;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

/** {@code POST /api/images}: a raw JPEG/PNG/WebP/GIF/BMP/TIFF body or a multipart field {@code file}. */
@Path("api/images")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Images")
public class ImagesResource {

    static final int MAX_BYTES = Images.MAX_BYTES;

    private final Images library;
    private final UploadLimit limit;

    @Context
    SecurityContext security;

    @Inject
    public ImagesResource(Images library, UploadLimit limit) {
        this.library = library;
        this.limit = limit;
    }

    protected ImagesResource() {
        this(null, null);
    }

    /** {@code {"url": "https://..."}}: the image is fetched (through the SSRF guard) and kept like an upload. */
    @Schema(example = "{\"url\": \"https://cdn.example.org/tryon/42.jpg\"}")
    public record ImportRequest(@NotBlank(message = "is required") @Size(max = 2048) String url) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Kept; Location is the image's URL", content = @Content(schema = @Schema(implementation = StoredImage.class)))
    public Response importFrom(ImportRequest request) throws IOException {
        String owner = admitted();
        try {
            return created(library.importFrom(request.url(), owner));
        } catch (QuotaExceeded e) {
            throw e.problem();
        } catch (FetchRefused e) {
            throw Problem.urlRefused("url", e.getMessage());
        } catch (NotAnImage e) {
            throw e.problem("url");
        } catch (IOException e) {
            throw Problem.invalid("url", "the image could not be fetched: " + e.getMessage());
        }
    }

    @POST
    @Consumes({"image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp", "image/tiff", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "uploadImage", summary = "Keep an image to make videos from",
            description = "The image's bytes (JPEG, PNG or WebP up to 4 MB; GIF, BMP and TIFF are converted to PNG), the same as a "
                    + "multipart/form-data field file, or JSON {\"url\": \"https://...\"} to import a public image (private addresses are refused). "
                    + "Counts against the caller's storage quota.")
    @APIResponse(responseCode = "201", description = "Kept; Location is the image's URL", content = @Content(schema = @Schema(implementation = StoredImage.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) @Parameter(hidden = true) Long length) throws IOException {
        String owner = admitted();
        return store(read(body, length), owner);
    }

    @GET
    @Path("{imageId}")
    @Operation(operationId = "getImage", summary = "One of the caller's images", description = "Its URL, size and type.")
    @APIResponse(responseCode = "200", description = "The image")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public StoredImage image(@PathParam("imageId") String imageId) {
        UUID id = Problem.idOrNotFound("image", imageId);
        return library.find(id, Caller.require(security)).orElseThrow(() -> Problem.notFound("image", imageId));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @APIResponse(responseCode = "201", description = "Kept; Location is the image's URL", content = @Content(schema = @Schema(implementation = StoredImage.class)))
    public Response uploadForm(@FormParam("file") @Schema(type = SchemaType.STRING, format = "binary") EntityPart file) throws IOException {
        String owner = admitted();
        if (file == null) {
            throw Problem.invalid("file", "multipart field \"file\" with the image is missing");
        }
        if (ImageFormat.ofContentType(file.getMediaType().toString()).isEmpty()
                && !file.getMediaType().isCompatible(MediaType.APPLICATION_OCTET_STREAM_TYPE)) {
            throw unsupported(file.getMediaType().toString());
        }
        return store(read(file.getContent(), null), owner);
    }

    /** Any other body type: refused by name rather than with a bare 415. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    public Response refuse(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        admitted();
        throw unsupported(contentType == null ? "no Content-Type" : contentType);
    }

    /** The caller, counted at the upload door: an import is an outbound fetch besides. */
    private String admitted() {
        String owner = Caller.require(security);
        limit.admit(owner);
        return owner;
    }

    private Response store(byte[] bytes, String owner) throws IOException {
        // Trust the bytes, not the label: a PNG sent as image/jpeg is still a fine PNG.
        try {
            return created(library.keep(bytes, owner));
        } catch (NotAnImage e) {
            throw e.problem("body");
        } catch (QuotaExceeded e) {
            throw e.problem();
        }
    }

    private static Response created(StoredImage image) {
        return Response.created(URI.create(image.url())).entity(image).build();
    }

    private static byte[] read(InputStream body, Long declaredLength) throws IOException {
        if (declaredLength != null && declaredLength > MAX_BYTES) {
            throw tooLarge();
        }
        // Read one byte past the limit to know it was exceeded without trusting Content-Length.
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static WebApplicationException tooLarge() {
        return Problem.of(413, "image-too-large", "Image too large", "Images may be at most " + MAX_BYTES / (1024 * 1024) + " MB");
    }

    private static WebApplicationException unsupported(String contentType) {
        return NotAnImage.unsupported(contentType);
    }
}
