package io.lokiz.generation.control;

import io.lokiz.provenance.Credentials;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the content credentials signed into a video's files say ({@code GET /api/video/{id}/provenance}):
 * the MP4's manifest and the thumbnail's, each its own. {@link Plan} is the same in the plan's words
 * ({@code GET /v1/ai/jobs/{id}/provenance}), for any job's outputs: video, thumbnail, music track.
 */
@Schema(name = "VideoProvenance", requiredProperties = {"videoId", "mp4"})
public record ProvenanceView(UUID videoId, Credentials mp4, Credentials thumbnail) {

    static ProvenanceView of(UUID videoId, JsonObject signed) {
        return new ProvenanceView(videoId, ContentCredentials.of(signed.getJsonObject("mp4")), credentials(signed, "thumbnail"));
    }

    @Schema(name = "AiJobProvenance", requiredProperties = {"job_id"})
    public record Plan(@JsonbProperty("job_id") UUID jobId, Manifest video, Manifest thumbnail, Manifest track) {

        static Plan of(UUID jobId, JsonObject signed) {
            return new Plan(jobId, Manifest.of(credentials(signed, "mp4")), Manifest.of(credentials(signed, "thumbnail")),
                    Manifest.of(credentials(signed, "track")));
        }
    }

    /** {@link Credentials} in the plan's snake_case. */
    @Schema(name = "AiContentCredentials")
    public record Manifest(String manifest, String format, String generator,
                           @JsonbProperty("digital_source_type") String digitalSourceType, List<String> actions,
                           @JsonbProperty("job_id") String jobId, @JsonbProperty("job_type") String jobType, String provider,
                           String model, @JsonbProperty("input_format") String inputFormat,
                           @JsonbProperty("input_sha256") String inputSha256, String signer, String issuer,
                           @JsonbProperty("signed_at") Instant signedAt) {

        static Manifest of(Credentials c) {
            return c == null ? null : new Manifest(c.manifest(), c.format(), c.generator(), c.digitalSourceType(), c.actions(),
                    c.jobId(), c.jobType(), c.provider(), c.model(), c.inputFormat(), c.inputSha256(), c.signer(), c.issuer(),
                    c.signedAt());
        }
    }

    private static Credentials credentials(JsonObject signed, String file) {
        JsonObject one = signed.getJsonObject(file);
        return one == null ? null : ContentCredentials.of(one);
    }
}
