package io.lokiz.provenance;

import java.util.List;
import java.util.Optional;

/**
 * What made an output, as its manifest will state it: the job (its id and type), the provider and
 * its model, what was added to the generated media afterwards, and the input it was made from.
 * No person is named: no user id, and the prompt only when an admin chose to disclose prompts.
 */
public record Made(String jobId, String jobType, String provider, String model, List<Edit> edits, Optional<Input> input,
                   Optional<String> prompt) {

    /** What was laid over or around the generated media; any of them makes the output a composite. */
    public enum Edit {
        INTRO("a brand intro"), OUTRO("a brand outro"), WATERMARK("a brand watermark"), MUSIC("a music track"),
        LABEL("a visible AI-generated label");

        private final String says;

        Edit(String says) {
            this.says = says;
        }

        /** How the manifest's edit action describes it. */
        public String says() {
            return says;
        }
    }

    /** The image or video the output was made from, by its media type and SHA-256. */
    public record Input(String mediaType, byte[] sha256) {
    }

    public Made {
        edits = List.copyOf(edits);
    }
}
