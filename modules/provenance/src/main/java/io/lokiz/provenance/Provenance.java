package io.lokiz.provenance;

import io.lokiz.provenance.control.Assertion;
import io.lokiz.provenance.control.Bmff;
import io.lokiz.provenance.control.Jpeg;
import io.lokiz.provenance.control.ManifestStore;
import io.lokiz.provenance.control.SigningKey;
import io.lokiz.provenance.control.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Content credentials for what Lokiz makes (EU AI Act art. 50(2)): a C2PA manifest, signed, embedded
 * in the file itself. It states that a trained model made the media ({@code c2pa.created}, IPTC
 * {@code trainedAlgorithmicMedia}) and, when brand parts or music were added, that the result is a
 * composite ({@code c2pa.edited}); which software, provider and model; the job; the input, by hash.
 */
@ApplicationScoped
public class Provenance {

    public static final String GENERATOR = "Lokiz";
    static final String LOKIZ_ASSERTION = "io.lokiz.generation";
    static final String ACTIONS = "c2pa.actions.v2";
    static final String INGREDIENT = "c2pa.ingredient.v3";

    private final Keys keys;
    private final Clock clock;
    private final String version = version();

    /** Where the key comes from, asked on first use so that a server starts without touching it. */
    @FunctionalInterface
    private interface Keys {
        SigningKey key() throws IOException;
    }

    @Inject
    public Provenance(@ConfigProperty(name = "lokiz.provenance.key") Optional<String> key,
                      @ConfigProperty(name = "lokiz.provenance.certificate-chain") Optional<String> chain,
                      @ConfigProperty(name = "lokiz.data.dir", defaultValue = "data") String dataDir, Clock clock) {
        if (key.isPresent() != chain.isPresent()) {
            throw new IllegalStateException("lokiz.provenance.key and lokiz.provenance.certificate-chain go together: set both or neither");
        }
        Path keysDir = Path.of(dataDir, "keys");
        this.keys = memoised(key.isPresent() ? () -> SigningKeys.fromPem(key.get(), chain.get()) : () -> SigningKeys.embedded(keysDir, clock));
        this.clock = clock;
    }

    /** Signing with {@code key}. */
    public Provenance(SigningKey key, Clock clock) {
        this.keys = () -> key;
        this.clock = clock;
    }

    protected Provenance() {
        this.keys = null;
        this.clock = null;
    }

    /**
     * Embeds a signed manifest in {@code file} (MP4, M4A or JPEG, told apart by their first bytes),
     * replacing it whole or not at all; answers what the manifest says.
     */
    public Credentials sign(Path file, Made made) throws IOException {
        SigningKey key = keys.key();
        String format = format(file);
        Instant now = clock.instant();
        String label = "urn:c2pa:" + UUID.randomUUID();
        List<Assertion> statements = statements(made, now);
        Path signed = file.resolveSibling(file.getFileName() + ".c2pa.part");
        Files.deleteIfExists(signed);
        try {
            Function<Assertion, byte[]> store = binding -> {
                List<Assertion> all = new ArrayList<>(statements);
                all.add(binding);
                return ManifestStore.of(label, "xmp:iid:" + UUID.randomUUID(), Map.of("name", GENERATOR, "version", version), all, key);
            };
            if (format.equals("image/jpeg")) {
                Files.write(signed, Jpeg.embed(Files.readAllBytes(file), store));
            } else {
                Bmff.embed(file, signed, store);
            }
            Files.move(signed, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(signed);
        }
        List<String> actions = made.edits().isEmpty() ? List.of("c2pa.created") : List.of("c2pa.created", "c2pa.edited");
        return new Credentials(label, format, GENERATOR + " " + version, sourceType(made), actions, made.jobId(), made.jobType(),
                made.provider(), made.model(), made.input().map(Made.Input::mediaType).orElse(null),
                made.input().map(i -> HexFormat.of().formatHex(i.sha256())).orElse(null),
                key.certificate().getSubjectX500Principal().getName(), key.certificate().getIssuerX500Principal().getName(), now);
    }

    /** The assertions but the hard binding: actions, the input as an ingredient, Lokiz's own record of the job. */
    private List<Assertion> statements(Made made, Instant now) {
        List<Assertion> statements = new ArrayList<>();
        Optional<Assertion> ingredient = made.input().map(input -> Assertion.of(INGREDIENT, ingredient(input)));
        Map<String, Object> agent = Map.of("name", GENERATOR, "version", version);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("action", "c2pa.created");
        created.put("when", now.toString());
        created.put("softwareAgent", agent);
        created.put("digitalSourceType", sourceType(made));
        created.put("description", "Generated by the model " + made.model() + " of " + made.provider());
        ingredient.ifPresent(i -> created.put("parameters", Map.of("ingredients", List.of(Map.of(
                "url", "self#jumbf=c2pa.assertions/" + INGREDIENT, "hash", i.hash())))));
        List<Map<String, Object>> actions = new ArrayList<>(List.of(created));
        if (!made.edits().isEmpty()) {
            Map<String, Object> edited = new LinkedHashMap<>();
            edited.put("action", "c2pa.edited");
            edited.put("when", now.toString());
            edited.put("softwareAgent", agent);
            edited.put("digitalSourceType", Credentials.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
            edited.put("description", "Added " + made.edits().stream().map(Made.Edit::says).collect(Collectors.joining(", ")));
            actions.add(edited);
        }
        statements.add(Assertion.of(ACTIONS, Map.of("actions", actions)));
        ingredient.ifPresent(statements::add);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("job_id", made.jobId());
        job.put("job_type", made.jobType());
        job.put("provider", made.provider());
        job.put("model", made.model());
        made.input().ifPresent(i -> job.put("input_sha256", HexFormat.of().formatHex(i.sha256())));
        made.prompt().ifPresent(p -> job.put("prompt", p));
        statements.add(Assertion.of(LOKIZ_ASSERTION, job));
        return statements;
    }

    private static Map<String, Object> ingredient(Made.Input input) {
        Map<String, Object> ingredient = new LinkedHashMap<>();
        ingredient.put("dc:title", input.mediaType().startsWith("video/") ? "input video" : "input image");
        ingredient.put("dc:format", input.mediaType());
        ingredient.put("relationship", "inputTo");
        // Its identity is its content: the input is not embedded, and a data reference would point outside the manifest.
        ingredient.put("instanceID", "sha256:" + HexFormat.of().formatHex(input.sha256()));
        return ingredient;
    }

    private static String sourceType(Made made) {
        return made.edits().isEmpty() ? Credentials.TRAINED_ALGORITHMIC_MEDIA : Credentials.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA;
    }

    /** The media type, from the file's first bytes: JPEG's SOI, or ISO BMFF's ftyp and its major brand. */
    static String format(Path file) throws IOException {
        byte[] head = new byte[12];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 12) < 12) {
                throw new IllegalArgumentException("too short to be media: " + file.getFileName());
            }
        }
        if ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
            return "image/jpeg";
        }
        String box = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
        if (box.equals("ftyp")) {
            return new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("M4A ") ? "audio/mp4" : "video/mp4";
        }
        throw new IllegalArgumentException("neither ISO BMFF nor JPEG: " + file.getFileName());
    }

    private static Keys memoised(Keys source) {
        return new Keys() {
            private SigningKey key;

            @Override
            public synchronized SigningKey key() throws IOException {
                if (key == null) {
                    key = source.key();
                }
                return key;
            }
        };
    }

    private static String version() {
        try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the provenance module's version.properties is missing", e);
        }
    }
}
