package io.lokiz.generation.control;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as the API shows it: the spec's {@code VideoGenerationJob} ({@code result} only once
 * completed), plus {@code credits}, the price it was accepted at, and {@code uploadRetry} while
 * its finished files wait for the store.
 */
@Schema(name = "JobView", requiredProperties = {"id", "status", "progress", "settings", "credits", "createdAt", "updatedAt"})
public record JobView(UUID id, UUID tryonImageId,
                      @Schema(enumeration = {"pending", "generating", "encoding", "uploading", "completed", "failed", "canceled"}) String status,
                      int progress, VideoSettings settings,
                      VideoResultView result, String error, int credits, Instant createdAt, Instant updatedAt,
                      UploadRetry uploadRetry) {
}
