package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A size limit on every request body: 64 KB of JSON, the video limit (plus room for multipart)
 * on video uploads, 5 MB of anything else (images are at most 4 MB; multipart adds a little).
 * Declared lengths are refused at once; undeclared (chunked) bodies are cut off as they stream
 * in, so an endless body costs us nothing.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimit implements ContainerRequestFilter {

    static final long JSON_LIMIT = 64 * 1024;
    static final long OTHER_LIMIT = 5 * 1024 * 1024;

    private final long videoLimit = (ConfigProvider.getConfig().getOptionalValue("lokiz.assets.video-max-mb", Long.class)
            .orElse(200L) + 1) * 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = MediaType.APPLICATION_JSON_TYPE.isCompatible(request.getMediaType()) ? JSON_LIMIT
                : request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("api/videos") ? videoLimit : OTHER_LIMIT;
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        request.setEntityStream(new Limited(request.getEntityStream(), limit));
    }

    private static WebApplicationException tooLarge(long limit) {
        return Problem.tooLarge("Request bodies here may be at most "
                + (limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MB" : limit / 1024 + " KB"));
    }

    /** Fails the read that crosses the limit. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(0, n));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
