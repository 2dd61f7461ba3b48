package io.lokiz.storage;

import java.time.Instant;

/** One object in {@link Storage}. */
public record StoredObject(String key, long size, String contentType, Instant lastModified) {
}
