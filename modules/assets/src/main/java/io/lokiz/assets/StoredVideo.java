package io.lokiz.assets;

import java.time.Instant;
import java.util.UUID;

/** An uploaded video as the API shows it; URLs are made when it is sent. */
public record StoredVideo(UUID id, String url, String posterUrl, double duration, int width, int height, int rotation,
                          boolean hasAudio, long sizeBytes, Instant createdAt) {
}
