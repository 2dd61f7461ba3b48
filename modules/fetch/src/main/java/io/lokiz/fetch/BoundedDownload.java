package io.lokiz.fetch;

import org.apache.hc.core5.http.HttpEntity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** A response body saved to a file within a size and a time limit: whole, or not at all. */
final class BoundedDownload {

    private final long limit;
    private final long deadline;
    private final Duration timeout;

    /** At most {@code limit} bytes, done before {@code deadline} ({@link System#nanoTime}), which is {@code timeout} from the start. */
    BoundedDownload(long limit, long deadline, Duration timeout) {
        this.limit = limit;
        this.deadline = deadline;
        this.timeout = timeout;
    }

    /** Copies the body beside {@code file}, then moves it there; answers its size. */
    long save(HttpEntity entity, Path file) throws IOException, FetchRefused {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), "fetch", ".part");
        try {
            long size;
            try (InputStream in = entity.getContent(); OutputStream out = Files.newOutputStream(partial)) {
                size = copy(in, out);
            }
            if (entity.getContentLength() >= 0 && size < entity.getContentLength()) {
                throw new IOException("connection closed after " + size + " of " + entity.getContentLength() + " bytes");
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private long copy(InputStream in, OutputStream out) throws IOException, FetchRefused {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (System.nanoTime() > deadline) {
                throw new FetchRefused("took longer than " + timeout.toSeconds() + " s");
            }
            copied += n;
            if (copied > limit) {
                throw new FetchRefused("larger than " + limit + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return copied;
    }
}
