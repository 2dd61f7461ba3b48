package io.lokiz.generation.control;

import io.lokiz.jobs.JobRecord;
import io.lokiz.media.EncodedVideo;
import io.lokiz.provenance.Credentials;
import io.lokiz.provenance.Made;
import io.lokiz.provenance.Provenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Signs what a job made before it is stored (EU AI Act art. 50(2)): the MP4 and its thumbnail, or
 * the music track, each with its own C2PA manifest. What the manifests say is kept with the job,
 * then with the video, as JSON by file name ({@code mp4}, {@code thumbnail}, {@code track}).
 * The prompt goes in only when {@code lokiz.provenance.include-prompt} is on: it may be personal.
 */
@ApplicationScoped
public class ContentCredentials {

    private static final Map<String, String> INPUT_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg",
            "webp", "image/webp", "mp4", "video/mp4", "mov", "video/quicktime", "webm", "video/webm");

    private final Provenance provenance;
    private final boolean includePrompt;

    @Inject
    public ContentCredentials(Provenance provenance,
                              @ConfigProperty(name = "lokiz.provenance.include-prompt", defaultValue = "false") boolean includePrompt) {
        this.provenance = provenance;
        this.includePrompt = includePrompt;
    }

    protected ContentCredentials() {
        this(null, false);
    }

    /** What made a job's output: the provider and model it asked, what was added, the input file it was made from. */
    public Made made(JobRecord job, String provider, String model, List<Made.Edit> edits, Path input, String prompt) throws IOException {
        Optional<Made.Input> in = input == null ? Optional.empty() : Optional.of(new Made.Input(mediaType(input), sha256(input)));
        return new Made(job.id().toString(), job.type(), provider, model == null ? "unknown" : model, edits, in,
                includePrompt ? Optional.ofNullable(prompt) : Optional.empty());
    }

    /** Signs the video's MP4 and thumbnail in place. */
    public JsonObject sign(EncodedVideo video, Made made) throws IOException {
        return Json.createObjectBuilder().add("mp4", json(provenance.sign(video.mp4(), made)))
                .add("thumbnail", json(provenance.sign(video.thumbnail(), made))).build();
    }

    /** Signs a video's MP4 alone in place (its thumbnail was signed with the video it shows). */
    public JsonObject signVideo(Path mp4, Made made) throws IOException {
        return Json.createObjectBuilder().add("mp4", json(provenance.sign(mp4, made))).build();
    }

    /** Signs a music track (M4A) in place. */
    public JsonObject signTrack(Path track, Made made) throws IOException {
        return Json.createObjectBuilder().add("track", json(provenance.sign(track, made))).build();
    }

    static JsonObject json(Credentials c) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("manifest", c.manifest()).add("format", c.format())
                .add("generator", c.generator()).add("digitalSourceType", c.digitalSourceType())
                .add("actions", Json.createArrayBuilder(c.actions())).add("jobId", c.jobId()).add("jobType", c.jobType())
                .add("provider", c.provider()).add("model", c.model()).add("signer", c.signer()).add("issuer", c.issuer())
                .add("signedAt", c.signedAt().toString());
        if (c.inputSha256() != null) {
            json.add("inputFormat", c.inputFormat()).add("inputSha256", c.inputSha256());
        }
        return json.build();
    }

    /** Credentials kept as {@link #json}. */
    public static Credentials of(JsonObject json) {
        return new Credentials(json.getString("manifest"), json.getString("format"), json.getString("generator"),
                json.getString("digitalSourceType"), json.getJsonArray("actions").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList(), json.getString("jobId"), json.getString("jobType"), json.getString("provider"),
                json.getString("model"), json.getString("inputFormat", null), json.getString("inputSha256", null),
                json.getString("signer"), json.getString("issuer"), Instant.parse(json.getString("signedAt")));
    }

    private static String mediaType(Path file) {
        String name = file.getFileName().toString();
        return INPUT_TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return sha256.digest();
    }
}
