package io.lokiz.assets;

import io.lokiz.media.VideoFacts;

import java.time.Instant;
import java.util.UUID;

/** A video a user uploaded (a main video, a template video): the facts jobs need of it. */
public record UploadedVideo(UUID id, String owner, VideoFacts facts, long size, String storageKey, String posterKey,
                            Instant createdAt) {
}
