package io.lokiz.app;

import io.lokiz.media.VideoEncoder;
import io.lokiz.media.VideoMetadata;
import io.lokiz.testing.C2paReader;
import io.lokiz.testing.Exif;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static io.lokiz.app.Api.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The walking skeleton over real HTTP against a real Liberty: image in, H.264 video out. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class VideoGenerationIT {

    static final String API = LibertyTestServer.BASE_URL;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String token = LibertyTestServer.token("walker", "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void turnsAnUploadedPortraitPhotoIntoADownloadablePortraitH264Video() throws Exception {
        JsonObject image = json(post("/api/images", "image/jpeg", photo(768, 1024)), 201);
        assertThat(image.getInt("width")).isEqualTo(768);
        assertThat(image.getString("contentType")).isEqualTo("image/jpeg");

        JsonObject accepted = json(post("/api/video/generate", "application/json",
                bytes("{\"tryonImageId\":\"" + image.getString("id") + "\",\"settings\":{\"duration\":4,\"resolution\":\"720p\"}}")), 202);
        assertThat(accepted.getString("status")).isEqualTo("pending");

        List<JsonObject> events = streamUntilFinished(accepted.getString("eventsUrl"));
        List<String> states = events.stream().map(e -> e.getString("status")).distinct().toList();
        assertThat(states).endsWith("completed").contains("encoding", "uploading");
        assertThat(events.stream().map(e -> e.getInt("progress")).toList()).isSorted();

        // A replay signs its media URLs when it is sent: the log keeps keys, so no replay hands out dead links.
        // Tickets expire on whole seconds: replays within the same second may look alike, a later one must not.
        String sentThen = mp4Url(events);
        String sentNow = sentThen;
        Instant deadline = Instant.now().plusSeconds(5);
        while (sentNow.equals(sentThen) && Instant.now().isBefore(deadline)) {
            List<JsonObject> replayed = streamUntilFinished(accepted.getString("eventsUrl"), "0");
            assertThat(replayed).isNotEmpty();
            sentNow = mp4Url(replayed);
        }
        assertThat(sentNow).isNotEqualTo(sentThen);

        JsonObject job = json(get(accepted.getString("statusUrl")), 200);
        assertThat(job.getString("status")).isEqualTo("completed");
        assertThat(job.getInt("progress")).isEqualTo(100);
        JsonObject result = job.getJsonObject("result");
        JsonObject video = json(get(API + "/api/video/" + result.getString("videoId")), 200);
        assertThat(video).isEqualTo(result);

        Path mp4 = Files.createTempFile("downloaded", ".mp4");
        HttpResponse<Path> download = http.send(HttpRequest.newBuilder(URI.create(result.getJsonObject("urls").getString("mp4"))).build(),
                HttpResponse.BodyHandlers.ofFile(mp4));
        Api.status(download, 200);
        VideoMetadata metadata = new VideoEncoder().inspect(mp4);
        assertThat(metadata.codec()).startsWith("h264");
        assertThat(metadata.width()).isEqualTo(720);
        assertThat(metadata.height()).isEqualTo(1280);
        assertThat(metadata.duration()).isCloseTo(4.0, within(0.1));
        assertThat(result.getJsonObject("metadata").getInt("height")).isEqualTo(1280);

        // What a platform's C2PA verifier concludes about the files as served, and what the API says they say.
        C2paReader reader = new C2paReader(Path.of("target/contract"));
        C2paReader.Verdict verdict = reader.read(mp4, "video/mp4");
        assertThat(verdict.codes()).as("valid, only the local certificate untrusted").containsExactly("signingCredential.untrusted");
        Path thumbnail = Files.write(Files.createTempFile("downloaded", ".jpg"), download(result.getJsonObject("urls").getString("thumbnail")));
        assertThat(reader.read(thumbnail, "image/jpeg").codes()).containsExactly("signingCredential.untrusted");
        JsonObject provenance = json(get(API + "/api/video/" + result.getString("videoId") + "/provenance"), 200);
        assertThat(provenance.getJsonObject("mp4").getString("manifest")).isEqualTo(verdict.store().getString("active_manifest"));
        assertThat(provenance.getJsonObject("mp4").getString("digitalSourceType")).endsWith("/trainedAlgorithmicMedia");
        assertThat(provenance.getJsonObject("mp4").getString("jobId")).isEqualTo(accepted.getString("jobId"));
        assertThat(provenance.getJsonObject("mp4").getString("inputFormat")).isEqualTo("image/jpeg");
        JsonObject plan = json(get(API + "/v1/ai/jobs/" + accepted.getString("jobId") + "/provenance"), 200);
        assertThat(plan.getJsonObject("video").getString("digital_source_type")).endsWith("/trainedAlgorithmicMedia");
        assertThat(plan.getJsonObject("thumbnail").getString("format")).isEqualTo("image/jpeg");
        assertProblem(get(API + "/api/video/" + result.getString("videoId") + "/provenance", LibertyTestServer.token("mallory", "user")),
                404, "video-not-found");
        assertProblem(get(API + "/v1/ai/jobs/" + accepted.getString("jobId") + "/provenance", LibertyTestServer.token("mallory", "user")),
                404, "job-not-found");
    }

    private byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Api.status(response, 200);
        return response.body();
    }

    @Test
    void servesByteRangesSoBrowsersCanSeek() throws Exception {
        JsonObject image = json(post("/api/images", "image/png", photo(64, 48)), 201);
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(URI.create(image.getString("url")))
                .header("Range", "bytes=0-7").build(), HttpResponse.BodyHandlers.ofByteArray());

        Api.status(part, 206);
        assertThat(part.headers().firstValue("Content-Range")).hasValueSatisfying(v -> assertThat(v).startsWith("bytes 0-7/"));
        assertThat(part.body()).hasSize(8);
    }

    @Test
    void answersAnUnknownJobWithProblem404() throws Exception {
        HttpResponse<String> response = get(API + "/api/video/status/7a1c1e0e-0000-4000-8000-000000000000");

        assertProblem(response, 404, "job-not-found");
    }

    @Test
    void takesAPhonePhotoUprightWithoutItsMetadataAndConvertsOtherFormats() throws Exception {
        byte[] sideways = Exif.withOrientation(photo(640, 480), 6, "GPS 52.37N 4.89E"); // a phone held upright

        JsonObject image = json(post("/api/images", "image/jpeg", sideways), 201);

        assertThat(image.getInt("width")).isEqualTo(480);
        assertThat(image.getInt("height")).isEqualTo(640);
        String stored = new String(http.send(HttpRequest.newBuilder(URI.create(image.getString("url"))).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain("Exif").doesNotContain("GPS 52.37N");
        JsonObject accepted = json(post("/api/video/generate", "application/json",
                bytes("{\"tryonImageId\":\"" + image.getString("id") + "\",\"settings\":{\"duration\":3}}")), 202);
        List<JsonObject> events = streamUntilFinished(accepted.getString("eventsUrl"));
        JsonObject metadata = events.get(events.size() - 1).getJsonObject("result").getJsonObject("metadata");
        assertThat(metadata.getInt("width")).as("upright, so portrait").isEqualTo(720);
        assertThat(metadata.getInt("height")).isEqualTo(1280);

        for (String format : List.of("gif", "bmp")) {
            var picture = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(photo(64, 48))), format, picture);
            JsonObject converted = json(post("/api/images", "image/" + format, picture.toByteArray()), 201);
            assertThat(converted.getString("contentType")).as(format).isEqualTo("image/png");
            assertThat(converted.getInt("width")).isEqualTo(64);
        }
    }

    @Test
    void refusesUnsupportedAndOversizedImagesWithoutKeepingAnything() throws Exception {
        long before = storedImages();

        byte[] png = photo(64, 48);
        byte[] bomb = photo(64, 48);
        java.nio.ByteBuffer.wrap(bomb).putInt(16, 30_000).putInt(20, 30_000); // the header claims 30000 x 30000

        assertProblem(post("/api/images", "image/svg+xml", bytes("<svg xmlns='http://www.w3.org/2000/svg'/>")), 415,
                "unsupported-image-type");
        assertProblem(post("/api/images", "image/jpeg", bytes("not a jpeg at all")), 415, "unsupported-image-type");
        assertProblem(post("/api/images", "image/jpeg", new byte[4 * 1024 * 1024 + 1]), 413, "image-too-large");
        assertThat(assertProblem(post("/api/images", "image/png", bomb), 413, "image-too-many-pixels").getString("detail"))
                .contains("30000 x 30000").contains("50 megapixels");
        assertProblem(post("/api/images", "image/png", java.util.Arrays.copyOf(png, png.length / 2)), 422, "image-unreadable");

        assertThat(storedImages()).isEqualTo(before);
    }

    @Test
    void namesTheFieldOfInvalidSettings() throws Exception {
        String imageId = json(post("/api/images", "image/png", photo(64, 48)), 201).getString("id");

        for (String[] c : new String[][]{{"\"duration\":9", "settings.duration"}, {"\"fps\":60", "settings.fps"},
                {"\"resolution\":\"4k\"", "settings.resolution"}}) {
            var response = post("/api/video/generate", "application/json",
                    bytes("{\"tryonImageId\":\"" + imageId + "\",\"settings\":{" + c[0] + "}}"));
            assertThat(assertProblem(response, 400, "invalid-request").getString("field")).isEqualTo(c[1]);
        }
    }

    private static String mp4Url(List<JsonObject> events) {
        return events.get(events.size() - 1).getJsonObject("result").getJsonObject("urls").getString("mp4");
    }

    private List<JsonObject> streamUntilFinished(String eventsUrl) throws Exception {
        return streamUntilFinished(eventsUrl, null);
    }

    /** The job's events from after {@code lastEventId} (null: from its current state) until it ends. */
    private List<JsonObject> streamUntilFinished(String eventsUrl, String lastEventId) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(eventsUrl)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60));
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        var request = builder.build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<JsonObject> events = new ArrayList<>();
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) { // the server ends the stream after a final state
                if (line.startsWith("data:")) {
                    events.add(Json.createReader(new StringReader(line.substring(5).trim())).readObject());
                }
            }
        }
        return events;
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(API + path)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return get(url, token);
    }

    private HttpResponse<String> get(String url, String as) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + as).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long storedImages() throws IOException {
        Path images = LibertyTestServer.DATA_DIR.resolve("storage/images");
        if (!Files.isDirectory(images)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(images)) {
            return files.count();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
