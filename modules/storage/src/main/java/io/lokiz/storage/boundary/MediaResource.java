package io.lokiz.storage.boundary;

import io.lokiz.storage.StorageKeys;
import io.lokiz.storage.StoredObject;
import io.lokiz.storage.control.ByteRange;
import io.lokiz.storage.control.FileSystemStorage;
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

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Date;

/**
 * Serves stored media with byte ranges, so a browser can seek in a video. In production a CDN
 * in front of object storage does this; on the embedded defaults this resource is the CDN. Every
 * URL carries a ticket ({@link io.lokiz.storage.Storage#publicUrl}): media is private by default.
 */
@Path("media")
@RequestScoped
public class MediaResource {

    private final FileSystemStorage storage;

    @Inject
    public MediaResource(FileSystemStorage storage) {
        this.storage = storage;
    }

    protected MediaResource() {
        this.storage = null;
    }

    @GET
    @Path("t/{ticket}/{key: .+}")
    public Response get(@PathParam("ticket") String ticket,
                        @PathParam("key") String key,
                        @HeaderParam("Range") String range,
                        @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        // A wrong, expired or foreign ticket looks exactly like a missing object.
        boolean admitted = StorageKeys.isValid(key) && storage.admits(ticket, key);
        StoredObject object = admitted ? storage.find(key).orElse(null) : null;
        if (object == null) {
            throw new NotFoundException("No media at " + key);
        }
        String etag = "\"" + Long.toHexString(object.size()) + "-" + Long.toHexString(object.lastModified().toEpochMilli()) + "\"";
        if (etag.equals(ifNoneMatch)) {
            return Response.notModified().tag(etag.substring(1, etag.length() - 1)).build();
        }
        long size = object.size();
        Response.ResponseBuilder answer;
        ByteRange.Request request = ByteRange.parse(range, size);
        if (request instanceof ByteRange.Part part) {
            answer = Response.status(Response.Status.PARTIAL_CONTENT)
                    .entity(body(key, part.range(), size))
                    .header("Content-Range", part.range().contentRange(size))
                    .header(HttpHeaders.CONTENT_LENGTH, part.range().length());
        } else if (request instanceof ByteRange.Unsatisfiable) {
            answer = Response.status(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE)
                    .header("Content-Range", "bytes */" + size);
        } else {
            answer = Response.ok(body(key, new ByteRange(0, size - 1), size))
                    .header(HttpHeaders.CONTENT_LENGTH, size);
        }
        return answer.type(object.contentType())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.LAST_MODIFIED, Date.from(object.lastModified()))
                // Keys are never rewritten with other content; caches may keep them while the URL lives.
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private StreamingOutput body(String key, ByteRange range, long size) {
        return out -> copy(key, size == 0 ? null : range, out);
    }

    private void copy(String key, ByteRange range, OutputStream out) throws IOException {
        if (range == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(storage.file(key), StandardOpenOption.READ)) {
            var target = Channels.newChannel(out);
            long position = range.first();
            long remaining = range.length();
            while (remaining > 0) {
                long sent = channel.transferTo(position, remaining, target);
                if (sent <= 0) {
                    break;
                }
                position += sent;
                remaining -= sent;
            }
        }
    }
}
