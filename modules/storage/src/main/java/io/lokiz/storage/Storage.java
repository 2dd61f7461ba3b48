package io.lokiz.storage;

import io.lokiz.kernel.Tickets;
import io.lokiz.storage.control.FileSystemStorage;
import io.lokiz.storage.control.MediaUrls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The object store finished media and uploaded images live in: a directory on the embedded
 * defaults, an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO) in production, chosen by
 * configuration. Keys are relative paths such as {@code videos/<id>/video.mp4}; a key's extension
 * decides the content type it is served with. Failures of the store itself are {@link IOException}s.
 */
public interface Storage {

    /**
     * The embedded defaults' store, a directory, made without the container (tools, and unit tests
     * of the modules that keep files); its URLs are {@code publicUrl}'s {@code /media}, signed with
     * {@code tickets}.
     */
    static Storage directory(Path root, String publicUrl, Tickets tickets, Duration urlLifetime) {
        return new FileSystemStorage(root, new MediaUrls(publicUrl, tickets, urlLifetime));
    }

    /**
     * Stores the file under the key, replacing any object there; readers never see half an
     * object. Answers only once the store holds the whole file, verified by size and checksum,
     * so the caller may then delete its copy.
     */
    StoredObject put(String key, Path file) throws IOException;

    /** Stores the stream's bytes under the key, as {@link #put(String, Path)} does. */
    StoredObject put(String key, InputStream content) throws IOException;

    /** The object under the key, if there is one. */
    Optional<StoredObject> find(String key) throws IOException;

    /** Opens the object's bytes; the caller closes the stream. */
    InputStream open(String key) throws IOException;

    /** Opens {@code length} bytes of the object from {@code offset}; the caller closes the stream. */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Every object whose key starts with the prefix, in key order. */
    List<StoredObject> list(String keyPrefix) throws IOException;

    /**
     * Removes the object named by the prefix and every object below it ({@code videos/v1} removes
     * {@code videos/v1/video.mp4}, never {@code videos/v10/...}); absent objects are no error.
     */
    void deleteAll(String keyPrefix) throws IOException;

    /**
     * A URL clients fetch the object from, made now and never stored: the CDN's, a presigned one
     * that expires, or this app's {@code /media} URL with a ticket. A ticket admits the object's
     * group: for {@code videos/<id>/...} every file of that video, so an HLS playlist's
     * segments load.
     */
    String publicUrl(String key);
}
