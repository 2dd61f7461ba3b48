package io.lokiz.jobs.boundary;

import io.lokiz.kernel.Caller;
import io.lokiz.jobs.control.ImageLibrary;
import io.lokiz.media.ImageFormat;
import io.lokiz.providers.FetchRefused;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

/** {@code POST /api/images}: a raw JPEG/PNG/WebP body or a multipart field {@code file}. */
@Path("api/images")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    static final int MAX_BYTES = ImageLibrary.MAX_BYTES;

    private final ImageLibrary library;

    @Inject
    public ImagesResource(ImageLibrary library) {
        this.library = library;
    }

    protected ImagesResource() {
        this(null);
    }

    /** {@code {"url": "https://..."}}: the image is fetched (through the SSRF guard) and kept like an upload. */
    public record ImportRequest(String url) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importFrom(ImportRequest request) throws IOException {
        if (request == null || request.url() == null || request.url().isBlank()) {
            throw Problems.invalid("url", "url is required");
        }
        try {
            return created(library.importFrom(request.url(), Caller.require(security)));
        } catch (FetchRefused e) {
            throw Problems.urlRefused("url", e.getMessage());
        } catch (ImageLibrary.NotAnImage e) {
            throw Problems.unsupportedImage("The URL's content is " + e.getMessage());
        } catch (IOException e) {
            throw Problems.invalid("url", "the image could not be fetched: " + e.getMessage());
        }
    }

    @Context
    SecurityContext security;

    @POST
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) throws IOException {
        return store(read(body, length));
    }

    @GET
    @Path("{imageId}")
    public ImageLibrary.StoredImage image(@PathParam("imageId") String imageId) {
        UUID id = VideoResource.idOrNotFound("image", imageId);
        return library.find(id, Caller.require(security)).orElseThrow(() -> Problems.notFound("image", imageId));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadForm(@FormParam("file") EntityPart file) throws IOException {
        if (file == null) {
            throw Problems.invalid("file", "multipart field \"file\" with the image is missing");
        }
        if (ImageFormat.ofContentType(file.getMediaType().toString()).isEmpty()
                && !file.getMediaType().isCompatible(MediaType.APPLICATION_OCTET_STREAM_TYPE)) {
            throw unsupported(file.getMediaType().toString());
        }
        return store(read(file.getContent(), null));
    }

    /** Any other body type: refused by name rather than with a bare 415. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response refuse(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        throw unsupported(contentType == null ? "no Content-Type" : contentType);
    }

    private Response store(byte[] bytes) throws IOException {
        // Trust the bytes, not the label: a PNG sent as image/jpeg is still a fine PNG.
        try {
            return created(library.keep(bytes, Caller.require(security)));
        } catch (ImageLibrary.NotAnImage e) {
            throw Problems.unsupportedImage("The body is " + e.getMessage());
        }
    }

    private static Response created(ImageLibrary.StoredImage image) {
        return Response.created(URI.create(image.url())).entity(image).build();
    }

    private static byte[] read(InputStream body, Long declaredLength) throws IOException {
        if (declaredLength != null && declaredLength > MAX_BYTES) {
            throw Problems.imageTooLarge(MAX_BYTES);
        }
        // Read one byte past the limit to know it was exceeded without trusting Content-Length.
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw Problems.imageTooLarge(MAX_BYTES);
        }
        return bytes;
    }

    private static WebApplicationException unsupported(String contentType) {
        return Problems.unsupportedImage("Images must be image/jpeg, image/png or image/webp, not " + contentType);
    }
}
