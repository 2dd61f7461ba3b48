package io.lokiz.generation.boundary;

import io.lokiz.assets.FrameOutOfRange;
import io.lokiz.assets.QuotaExceeded;
import io.lokiz.assets.StoredImage;
import io.lokiz.assets.UploadLimit;
import io.lokiz.assets.VideoUploads;
import io.lokiz.kernel.Caller;
import io.lokiz.kernel.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * The plan's frame capture (free): the frame an uploaded video shows at a time, kept as one of
 * the user's images, so that every job taking an image takes it.
 */
@Path("v1/ai/capture-frame")
@RequestScoped
@RolesAllowed({"user", "admin"})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "AI jobs")
public class CaptureFrameResource {

    private final VideoUploads videos;
    private final UploadLimit limit;

    @Context
    SecurityContext security;

    @Inject
    public CaptureFrameResource(VideoUploads videos, UploadLimit limit) {
        this.videos = videos;
        this.limit = limit;
    }

    protected CaptureFrameResource() {
        this(null, null);
    }

    /** {@code {"video_id", "timestamp"}}: seconds from the start of the video. */
    @Schema(name = "CaptureRequest", example = "{\"video_id\": \"9b2e4f60-1d3a-4c8b-8f7e-5a6b7c8d9e0f\", \"timestamp\": 5.5}")
    public record Capture(@JsonbProperty("video_id") @NotNull(message = "is required") String videoId,
                          @NotNull(message = "is required") Double timestamp) {
    }

    public record Captured(@JsonbProperty("image_url") String imageUrl, @JsonbProperty("image_id") UUID imageId,
                           double timestamp, @JsonbProperty("video_id") UUID videoId) {
    }

    @POST
    @Operation(operationId = "captureFrame", summary = "Capture a frame of a video as an image",
            description = "The frame at timestamp (seconds) of one of the caller's uploaded or finished videos, kept as a new image (PNG) "
                    + "that any job can use. Free, and answered at once.")
    @APIResponse(responseCode = "201", description = "The new image; Location is its URL",
            content = @Content(schema = @Schema(implementation = CaptureFrameResource.Captured.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    @APIResponse(responseCode = "503", ref = "Unavailable")
    public Response capture(Capture request) throws IOException {
        String owner = Caller.require(security);
        limit.admit(owner); // a captured frame is a new image
        UUID videoId = Problem.id("video_id", request.videoId());
        try {
            StoredImage image = videos.captureFrame(videoId, owner, request.timestamp())
                    .orElseThrow(() -> Problem.notFound("video", videoId));
            return Response.created(URI.create("/api/images/" + image.id()))
                    .entity(new Captured(image.url(), image.id(), request.timestamp(), videoId)).build();
        } catch (FrameOutOfRange e) {
            throw Problem.of(400, "invalid-request", "Invalid request", e.getMessage(),
                    Map.of("field", "timestamp", "duration", e.duration()));
        } catch (QuotaExceeded e) {
            throw e.problem();
        }
    }
}
