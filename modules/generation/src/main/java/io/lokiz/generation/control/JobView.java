package io.lokiz.generation.control;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as the API shows it: the spec's {@code VideoGenerationJob} ({@code result} only once
 * completed), plus {@code credits}, the price it was accepted at, and {@code uploadRetry} while
 * its finished files wait for the store.
 */
public record JobView(UUID id, UUID tryonImageId, String status, int progress, VideoSettings settings,
                      VideoResultView result, String error, int credits, Instant createdAt, Instant updatedAt,
                      UploadRetry uploadRetry) {
}
