package io.lokiz.storage.boundary;

import io.lokiz.storage.Storage;
import io.lokiz.storage.StoredObject;
import io.lokiz.storage.control.ByteRange;
import io.lokiz.storage.control.FileSystemStorage;
import io.lokiz.storage.control.MediaUrls;
import io.lokiz.storage.control.Playlists;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Date;

/**
 * This app's media URLs ({@link MediaUrls}). On the embedded filesystem store this resource is
 * the CDN: byte ranges so a browser can seek, {@code ETag} and {@code If-None-Match}, {@code 416}
 * for ranges outside the file. On a bucket it serves only what a bucket cannot: HLS playlists
 * whose segment URLs are each signed; any other key is a redirect to the bucket. A wrong, expired
 * or foreign ticket looks exactly like a missing object.
 */
@Path("media")
@RequestScoped
@Tag(name = "Media")
public class MediaResource {

    private final Storage storage;
    private final MediaUrls urls;

    @Inject
    public MediaResource(Storage storage, MediaUrls urls) {
        this.storage = storage;
        this.urls = urls;
    }

    protected MediaResource() {
        this(null, null);
    }

    @GET
    @Path("t/{ticket}/{key: .+}")
    @Operation(operationId = "getMedia", summary = "A stored file by signed URL",
            description = "The URLs the other operations answer with: key is the file's path (it may contain /), ticket signs it and expires. "
                    + "Byte ranges (206, 416 outside the file), ETag and If-None-Match (304). On a bucket-backed store only HLS playlists are "
                    + "served here (their segment URLs signed); any other key redirects to the bucket. A wrong or expired ticket looks like a missing file.")
    @SecurityRequirements
    @APIResponse(responseCode = "200", description = "The file", content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "206", description = "The range asked for", content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent")
    @APIResponse(responseCode = "307", description = "On a bucket: the file's address there")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "416", ref = "RangeNotSatisfiable")
    public Response get(@PathParam("ticket") String ticket,
                        @PathParam("key") String key,
                        @HeaderParam("Range") String range,
                        @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws IOException {
        if (!urls.admits(ticket, key)) {
            throw new NotFoundException("No media at " + key);
        }
        if (key.endsWith(".m3u8")) {
            return playlist(key);
        }
        StoredObject object = storage.find(key).orElseThrow(() -> new NotFoundException("No media at " + key));
        if (!(storage instanceof FileSystemStorage)) {
            return Response.temporaryRedirect(URI.create(storage.publicUrl(key))).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        String etag = Long.toHexString(object.size()) + "-" + Long.toHexString(object.lastModified().toEpochMilli());
        if (matches(ifNoneMatch, etag)) {
            return media(Response.notModified(), object, etag).build();
        }
        long size = object.size();
        ByteRange.Request request = ByteRange.parse(range, size);
        if (request instanceof ByteRange.Part part) {
            return media(Response.status(Response.Status.PARTIAL_CONTENT), object, etag)
                    .entity(body(key, part.range()))
                    .header("Content-Range", part.range().contentRange(size))
                    .header(HttpHeaders.CONTENT_LENGTH, part.range().length())
                    .build();
        }
        if (request instanceof ByteRange.Unsatisfiable) {
            return media(Response.status(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE), object, etag)
                    .header("Content-Range", "bytes */" + size)
                    .build();
        }
        return media(Response.ok(), object, etag)
                .entity(size == 0 ? new byte[0] : body(key, new ByteRange(0, size - 1)))
                .header(HttpHeaders.CONTENT_LENGTH, size)
                .build();
    }

    /** A playlist whose every file has its own URL: fresh tickets here, signatures on a bucket. */
    private Response playlist(String key) throws IOException {
        String stored;
        try (InputStream in = storage.open(key)) {
            stored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("No media at " + key);
        }
        return secured(Response.ok(Playlists.absolute(stored, key, storage::publicUrl), "application/vnd.apple.mpegurl"))
                // Its URLs expire with their tickets: a cache may keep it well inside that.
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=" + Math.max(1, urls.lifetime().toSeconds() / 4))
                .build();
    }

    private static Response.ResponseBuilder media(Response.ResponseBuilder answer, StoredObject object, String etag) {
        return secured(answer.type(object.contentType()))
                .header("Accept-Ranges", "bytes")
                .tag(etag)
                .header(HttpHeaders.LAST_MODIFIED, Date.from(object.lastModified()))
                // Keys are never rewritten with other content; caches may keep them while the URL lives.
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder answer) {
        return answer.header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header("Referrer-Policy", "no-referrer");
    }

    /** RFC 9110 §13.1.2: any listed tag, weak or strong, or {@code *}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals("\"" + etag + "\""));
    }

    private StreamingOutput body(String key, ByteRange range) {
        return out -> {
            try (InputStream in = storage.open(key, range.first(), range.length())) {
                in.transferTo(out);
            }
        };
    }
}
