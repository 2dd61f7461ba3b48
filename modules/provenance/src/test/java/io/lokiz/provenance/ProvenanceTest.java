package io.lokiz.provenance;

import io.lokiz.provenance.control.SigningKey;
import io.lokiz.provenance.control.SigningKeys;
import io.lokiz.testing.C2paReader;
import io.lokiz.testing.C2paReader.Verdict;
import io.lokiz.testing.MutableClock;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Content credentials, read back by the reference implementation (c2pa-rs): every kind of output
 * is signed so that the reader calls it valid, says what made it, and calls it invalid after one
 * byte of its media changes. Media are real ffmpeg output.
 */
class ProvenanceTest {

    static final String FFMPEG = new DefaultFFMPEGLocator().getExecutablePath();
    static final String UNTRUSTED = "signingCredential.untrusted";

    @TempDir
    static Path dir;
    static C2paReader reader;
    static SigningKey key;
    static Provenance provenance;
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    static final byte[] INPUT = "the still image the clip was made from".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void aReaderAndTheEmbeddedKey() throws Exception {
        reader = new C2paReader(Path.of("target/c2pa"));
        key = SigningKeys.embedded(dir.resolve("keys"), CLOCK);
        provenance = new Provenance(key, CLOCK);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+faststart", "-faststart"})
    void aSignedMp4ReadsValidAndOnlyItsLocalCertificateIsUntrusted(String layout) throws Exception {
        Path mp4 = ffmpeg("clip" + layout + ".mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=24", "-f", "lavfi",
                "-i", "sine=frequency=440", "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", layout);

        provenance.sign(mp4, made(List.of()));

        Verdict verdict = reader.read(mp4, "video/mp4");
        assertThat(verdict.codes()).containsExactly(UNTRUSTED);
        assertThat(verdict.state()).isEqualTo("Valid");
        assertThat(decodes(mp4)).as("ffmpeg still decodes every frame").isEmpty();
    }

    @Test
    void theManifestSaysATrainedModelMadeItWithWhatAndFromWhichInput() throws Exception {
        Path mp4 = clip("stated.mp4");

        Credentials said = provenance.sign(mp4, made(List.of()));

        JsonObject manifest = reader.read(mp4, "video/mp4").activeManifest();
        JsonObject created = action(manifest, 0);
        assertThat(created.getString("action")).isEqualTo("c2pa.created");
        assertThat(created.getString("digitalSourceType")).isEqualTo(Credentials.TRAINED_ALGORITHMIC_MEDIA);
        assertThat(created.getJsonObject("softwareAgent").getString("name")).isEqualTo("Lokiz");
        assertThat(manifest.getJsonArray("claim_generator_info").getJsonObject(0).getString("name")).isEqualTo("Lokiz");
        JsonObject lokiz = assertion(manifest, Provenance.LOKIZ_ASSERTION);
        assertThat(lokiz.getString("job_id")).isEqualTo("job-1");
        assertThat(lokiz.getString("provider")).isEqualTo("fal");
        assertThat(lokiz.getString("model")).isEqualTo("fal-ai/stable-video");
        assertThat(lokiz.containsKey("prompt")).as("no prompt unless disclosed").isFalse();
        JsonObject ingredient = manifest.getJsonArray("ingredients").getJsonObject(0);
        assertThat(ingredient.getString("relationship")).isEqualTo("inputTo");
        assertThat(ingredient.getString("format")).isEqualTo("image/png");
        assertThat(ingredient.getString("instance_id")).isEqualTo("sha256:" + said.inputSha256());
        assertThat(ingredient.containsKey("validation_status")).as("the ingredient reads clean: " + ingredient).isFalse();
        assertThat(said.inputSha256()).isEqualTo(java.util.HexFormat.of().formatHex(sha256(INPUT)));
        assertThat(said.manifest()).isEqualTo(reader.read(mp4, "video/mp4").store().getString("active_manifest"));
        assertThat(said.signer()).contains("CN=Lokiz content credentials");
    }

    @Test
    void brandPartsOrMusicMakeItACompositeWithAnEditAction() throws Exception {
        Path mp4 = clip("branded.mp4");

        Credentials said = provenance.sign(mp4, made(List.of(Made.Edit.INTRO, Made.Edit.WATERMARK)));

        Verdict verdict = reader.read(mp4, "video/mp4");
        assertThat(verdict.codes()).containsExactly(UNTRUSTED);
        JsonObject manifest = verdict.activeManifest();
        assertThat(action(manifest, 0).getString("digitalSourceType")).isEqualTo(Credentials.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
        assertThat(action(manifest, 1).getString("action")).isEqualTo("c2pa.edited");
        assertThat(action(manifest, 1).getString("description")).contains("a brand intro", "a brand watermark");
        assertThat(said.actions()).containsExactly("c2pa.created", "c2pa.edited");
    }

    @Test
    void oneChangedByteOfTheVideoReadsInvalid() throws Exception {
        Path mp4 = clip("tampered.mp4");
        provenance.sign(mp4, made(List.of()));

        flipByte(mp4, 1); // mdat is last: the media data, not the manifest

        Verdict verdict = reader.read(mp4, "video/mp4");
        assertThat(verdict.state()).isEqualTo("Invalid");
        assertThat(verdict.codes()).contains("assertion.bmffHash.mismatch");
    }

    @Test
    void musicInM4aIsSignedAsAudio() throws Exception {
        Path m4a = ffmpeg("track.m4a", "-f", "lavfi", "-i", "sine=frequency=330", "-t", "1", "-c:a", "aac");

        Credentials said = provenance.sign(m4a, made(List.of()));

        assertThat(said.format()).isEqualTo("audio/mp4");
        Verdict verdict = reader.read(m4a, "audio/mp4");
        assertThat(verdict.codes()).containsExactly(UNTRUSTED);
        assertThat(verdict.state()).isEqualTo("Valid");
    }

    @Test
    void aThumbnailCarriesItsOwnManifestAndBreaksWhenChanged() throws Exception {
        Path jpeg = ffmpeg("thumbnail.jpg", "-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1");

        provenance.sign(jpeg, made(List.of()));

        Verdict verdict = reader.read(jpeg, "image/jpeg");
        assertThat(verdict.codes()).containsExactly(UNTRUSTED);
        assertThat(verdict.state()).isEqualTo("Valid");
        flipByte(jpeg, 40); // in the scan, before the closing EOI marker
        assertThat(reader.read(jpeg, "image/jpeg").codes()).contains("assertion.dataHash.mismatch");
    }

    @Test
    void anUnsignedFileHasNoManifestForTheReader() throws Exception {
        assertThat(reader.error(clip("unsigned.mp4"), "video/mp4")).contains("JumbfNotFound");
    }

    @Test
    void aFileIsSignedOnceAndAnythingElseIsRefusedUntouched() throws Exception {
        Path mp4 = clip("twice.mp4");
        provenance.sign(mp4, made(List.of()));
        byte[] signed = Files.readAllBytes(mp4);
        Path text = Files.writeString(dir.resolve("notes.txt"), "not media at all");

        assertThatThrownBy(() -> provenance.sign(mp4, made(List.of()))).hasMessageContaining("already carries");
        assertThatThrownBy(() -> provenance.sign(text, made(List.of()))).hasMessageContaining("neither ISO BMFF nor JPEG");
        assertThat(Files.readAllBytes(mp4)).isEqualTo(signed);
        assertThat(Files.readString(text)).isEqualTo("not media at all");
        try (var left = Files.list(dir)) {
            assertThat(left.filter(p -> p.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void theEmbeddedKeyIsMadeOnceAndAConfiguredOneIsUsedAsGiven() throws Exception {
        Path keys = dir.resolve("keys");
        SigningKey again = SigningKeys.embedded(keys, CLOCK);
        assertThat(again.certificate()).isEqualTo(key.certificate());

        SigningKey configured = SigningKeys.fromPem(Files.readString(keys.resolve("c2pa-signing-key.pem")),
                keys.resolve("c2pa-signing-chain.pem").toString());
        assertThat(configured.certificate()).isEqualTo(key.certificate());
        assertThatThrownBy(() -> new Provenance(Optional.of("-----BEGIN PRIVATE KEY-----"), Optional.empty(), dir.toString(), CLOCK))
                .hasMessageContaining("set both or neither");
    }

    private static Made made(List<Made.Edit> edits) {
        return new Made("job-1", "video_preview", "fal", "fal-ai/stable-video", edits,
                Optional.of(new Made.Input("image/png", sha256(INPUT))), Optional.empty());
    }

    private static Path clip(String name) throws Exception {
        return ffmpeg(name, "-f", "lavfi", "-i", "testsrc=size=320x240:rate=24", "-t", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-movflags", "+faststart");
    }

    private static JsonObject action(JsonObject manifest, int index) {
        return assertion(manifest, "c2pa.actions.v2").getJsonArray("actions").getJsonObject(index);
    }

    private static JsonObject assertion(JsonObject manifest, String label) {
        return manifest.getJsonArray("assertions").getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("label").equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no assertion " + label + " in " + manifest)).getJsonObject("data");
    }

    private static Path ffmpeg(String name, String... args) throws Exception {
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-v", "error", "-y"));
        command.addAll(List.of(args));
        command.add(out.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(printed).isTrue();
        return out;
    }

    private static String decodes(Path file) throws Exception {
        Process p = new ProcessBuilder(FFMPEG, "-v", "error", "-i", file.toString(), "-f", "null", "-").redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return p.exitValue() == 0 ? printed : "exit " + p.exitValue() + ": " + printed;
    }

    /** Changes one bit of the byte {@code fromEnd} bytes before the file's end. */
    private static void flipByte(Path file, int fromEnd) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - fromEnd] ^= 1;
        Files.write(file, bytes);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
