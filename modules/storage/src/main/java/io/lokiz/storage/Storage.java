package io.lokiz.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The object store finished media and uploaded images live in. Keys are relative paths such as
 * {@code videos/<id>/video.mp4}; a key's extension decides the content type it is served with.
 */
public interface Storage {

    /** Stores the stream's bytes under the key, replacing any object there; readers never see half an object. */
    StoredObject put(String key, InputStream content) throws IOException;

    /** The object under the key, if there is one. */
    Optional<StoredObject> find(String key);

    /** Opens the object's bytes; the caller closes the stream. */
    InputStream open(String key) throws IOException;

    /** Removes every object whose key starts with the prefix; absent objects are no error. */
    void deleteAll(String keyPrefix) throws IOException;

    /**
     * A time-limited URL clients fetch the object from (the CDN in production). It admits the
     * object's group: for {@code videos/<id>/...} every file of that video, so the relative
     * segment URLs of an HLS playlist work; for anything else the object alone.
     */
    String publicUrl(String key);
}
