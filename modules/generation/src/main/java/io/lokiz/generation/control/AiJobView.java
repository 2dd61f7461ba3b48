package io.lokiz.generation.control;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * A job as the plan's API shows it ({@code GET /v1/ai/jobs/{id}}): what was asked
 * ({@code input_data}), what came of it ({@code output_data}, only once completed: URLs of the
 * video, track or image, and the model that made it), the credits charged ({@code credits_used},
 * 0 until completed) and reserved, the error in plain words when it failed, and
 * {@code upload_retry} while its finished files wait for the store.
 */
@Schema(name = "AiJobView", requiredProperties = {"id", "user_id", "job_type", "status", "progress", "input_data", "credits_used",
        "credits_reserved", "created_at", "updated_at"})
public record AiJobView(UUID id,
                        @JsonbProperty("user_id") String userId,
                        @JsonbProperty("job_type") String jobType,
                        @Schema(enumeration = {"pending", "generating", "encoding", "uploading", "completed", "failed", "canceled"}) String status,
                        int progress,
                        @JsonbProperty("input_data") @Schema(type = SchemaType.OBJECT, description = "What was asked, with the defaults it was given") JsonObject inputData,
                        @JsonbProperty("output_data") @Schema(ref = "AiJobOutput") JsonObject outputData,
                        @JsonbProperty("credits_used") int creditsUsed,
                        @JsonbProperty("credits_reserved") int creditsReserved,
                        String error,
                        @JsonbProperty("created_at") Instant createdAt,
                        @JsonbProperty("updated_at") Instant updatedAt,
                        @JsonbProperty("completed_at") Instant completedAt,
                        @JsonbProperty("upload_retry") @Schema(ref = "AiUploadRetry") JsonObject uploadRetry) {
}
