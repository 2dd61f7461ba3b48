package io.lokiz.provenance;

import java.time.Instant;
import java.util.List;

/**
 * What a signed file's manifest says, for people: shown under the player and by
 * {@code GET /api/video/{id}/provenance}. {@code inputSha256} is hex, {@code signer} and
 * {@code issuer} are the signing certificate's subject and issuer.
 */
@org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ContentCredentials")
public record Credentials(String manifest, String format, String generator, String digitalSourceType, List<String> actions,
                          String jobId, String jobType, String provider, String model, String inputFormat, String inputSha256,
                          String signer, String issuer, Instant signedAt) {

    /** The IPTC digital source types this backend states. */
    public static final String TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    public static final String COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA =
            "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";

    public Credentials {
        actions = List.copyOf(actions);
    }
}
