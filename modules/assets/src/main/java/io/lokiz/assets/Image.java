package io.lokiz.assets;

import java.time.Instant;
import java.util.UUID;

/** An uploaded still image (a try-on photo, a captured frame): the facts a job needs of its input. */
public record Image(UUID id, String owner, String contentType, int width, int height, long size, String storageKey,
                    Instant createdAt) {

    public boolean isOwnedBy(String user) {
        return owner.equals(user);
    }
}
