package io.lokiz.assets.boundary;

import io.lokiz.assets.QuotaExceeded;
import io.lokiz.assets.StoredVideo;
import io.lokiz.assets.UploadLimit;
import io.lokiz.assets.VideoRefusals;
import io.lokiz.assets.VideoUploads;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import io.lokiz.media.UnusableVideo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/videos}: a main video or a template video, as a raw MP4/MOV/WebM body or a
 * multipart field {@code file}. Streamed to a scratch file (never held in memory), judged whole,
 * then kept; every refusal leaves nothing behind.
 */
@Path("api/videos")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Uploaded videos")
public class VideosResource {

    static final String[] TYPES = {"video/mp4", "video/quicktime", "video/webm"};

    private final VideoUploads uploads;
    private final UploadLimit limit;
    private final long maxBytes;

    @Context
    SecurityContext security;

    @Inject
    public VideosResource(VideoUploads uploads, UploadLimit limit,
                          @ConfigProperty(name = "lokiz.assets.video-max-mb", defaultValue = "200") long maxMb) {
        this.uploads = uploads;
        this.limit = limit;
        this.maxBytes = maxMb * 1024 * 1024;
    }

    protected VideosResource() {
        this(null, null, 0);
    }

    @POST
    @Consumes({"video/mp4", "video/quicktime", "video/webm", MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "uploadVideo", summary = "Keep a video to capture frames from or to glitch with",
            description = "The video's bytes (MP4, QuickTime or WebM, up to lokiz.assets.video-max-mb, 200 MB by default), or the same as a "
                    + "multipart/form-data field file. It is probed and kept with a poster frame; counts against the caller's storage quota.")
    @APIResponse(responseCode = "201", description = "Kept; Location is the video's URL", content = @Content(schema = @Schema(implementation = StoredVideo.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) @Parameter(hidden = true) Long length) throws IOException {
        String owner = admitted();
        if (length != null && length > maxBytes) {
            throw tooLarge();
        }
        return keep(body, owner);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @APIResponse(responseCode = "201", description = "Kept; Location is the video's URL", content = @Content(schema = @Schema(implementation = StoredVideo.class)))
    public Response uploadForm(@FormParam("file") @Schema(type = SchemaType.STRING, format = "binary") EntityPart file) throws IOException {
        String owner = admitted();
        if (file == null) {
            throw Problem.invalid("file", "multipart field \"file\" with the video is missing");
        }
        return keep(file.getContent(), owner);
    }

    /** Any other body type: refused by name rather than with a bare 415. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    public Response refuse(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        admitted();
        throw unsupported("Videos must be sent as " + String.join(", ", TYPES) + " or multipart/form-data, not "
                + (contentType == null ? "no Content-Type" : contentType));
    }

    @GET
    @Path("{videoId}")
    @Operation(operationId = "getUploadedVideo", summary = "One of the caller's uploaded videos", description = "Its URL, poster, length, size and rotation.")
    @APIResponse(responseCode = "200", description = "The video")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public StoredVideo video(@PathParam("videoId") String videoId) {
        UUID id = Problem.idOrNotFound("video", videoId);
        return uploads.find(id, Caller.require(security)).orElseThrow(() -> Problem.notFound("video", videoId));
    }

    /** The caller, counted at the upload door: a video costs a probe, a full decode and disk. */
    private String admitted() {
        String owner = Caller.require(security);
        limit.admit(owner);
        return owner;
    }

    private Response keep(InputStream body, String owner) throws IOException {
        var scratch = Files.createTempFile("upload", ".video");
        try {
            long size;
            try (OutputStream out = Files.newOutputStream(scratch)) {
                size = copyAtMost(body, out);
            }
            if (size == 0) {
                throw Problem.invalid("body", "The body is empty; send the video's bytes");
            }
            StoredVideo video = uploads.keep(scratch, owner);
            return Response.created(URI.create("/api/videos/" + video.id())).entity(video).build();
        } catch (UnusableVideo e) {
            throw VideoRefusals.of(e);
        } catch (QuotaExceeded e) {
            throw e.problem();
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    /** Copies until the limit is passed; counts bytes as they come, trusting no declared length. */
    private long copyAtMost(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private WebApplicationException tooLarge() {
        return Problem.of(413, "video-too-large", "Video too large", "Videos may be at most " + maxBytes / (1024 * 1024) + " MB",
                Map.of("maxBytes", maxBytes));
    }

    private static WebApplicationException unsupported(String detail) {
        return Problem.of(415, "unsupported-video-type", "Unsupported video type", detail);
    }
}
