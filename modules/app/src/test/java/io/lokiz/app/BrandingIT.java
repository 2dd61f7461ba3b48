package io.lokiz.app;

import io.lokiz.testing.C2paReader;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Brand intros, outros and watermarks: kept by admins, joined to the videos that ask for them. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class BrandingIT {

    static final String API = LibertyTestServer.BASE_URL;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String admin = LibertyTestServer.token("brand-admin", "admin", "user");
    final String user = LibertyTestServer.token("branded-" + UUID.randomUUID(), "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    /** The label is the server's, shared by every test class: left off whatever happened here. */
    @AfterEach
    void labelOff() throws Exception {
        json(send(put("/api/admin/provenance", admin, "application/json", "{\"visibleLabel\":false}".getBytes())), 200);
    }

    @Test
    void joinsTheBrandsIntroAndOutroToAVideoWithItsWatermarkAndSound() throws Exception {
        Path dir = Files.createTempDirectory("brand");
        Path intro = Api.ffmpeg(dir.resolve("intro.mp4"), "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=2",
                "-f", "lavfi", "-i", "sine=f=660:d=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        Path outro = Api.ffmpeg(dir.resolve("outro.mov"), "-f", "lavfi", "-i", "smptebars=s=320x240:r=30:d=1.5",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

        Api.status(send(put("/api/admin/branding/intro", user, "video/mp4", Files.readAllBytes(intro))), 403);
        assertProblem(send(put("/api/admin/branding/intro", admin, "video/mp4", "not a clip".getBytes())), 415, "unsupported-video-type");
        assertProblem(send(put("/api/admin/branding/watermark", admin, "image/png", "not a picture".getBytes())), 415, "unusable-watermark");
        byte[] logo = Api.photo(200, 80);
        assertProblem(send(put("/api/admin/branding/watermark", admin, "image/png", java.util.Arrays.copyOf(logo, logo.length / 2))),
                422, "unusable-watermark");
        assertProblem(send(put("/api/admin/branding/teaser", admin, "video/mp4", Files.readAllBytes(intro))), 404, "branding-not-found");
        JsonObject in = json(send(put("/api/admin/branding/intro", admin, "video/mp4", Files.readAllBytes(intro))), 200);
        json(send(put("/api/admin/branding/outro", admin, "video/quicktime", Files.readAllBytes(outro))), 200);
        json(send(put("/api/admin/branding/watermark", admin, "image/png", Api.photo(200, 80))), 200);
        assertThat(in.getJsonNumber("seconds").doubleValue()).isCloseTo(2.0, within(0.1));
        assertThat(in.getBoolean("hasAudio")).isTrue();
        String listed = Api.status(send(get("/api/admin/branding", admin)), 200).body();
        assertThat(listed).contains("\"intro\"").contains("\"outro\"").contains("\"watermark\"").contains("previewUrl");

        // The visible label, the second layer of disclosure, drawn in the same encode.
        Api.status(send(put("/api/admin/provenance", user, "application/json", "{\"visibleLabel\":true}".getBytes())), 403);
        assertProblem(send(put("/api/admin/provenance", admin, "application/json", "{\"visibleLabel\":true,\"labelCorner\":\"middle\"}".getBytes())),
                400, "invalid-request");
        assertProblem(send(put("/api/admin/provenance", admin, "application/json", "{}".getBytes())), 400, "invalid-request");
        assertThat(json(send(get("/api/admin/provenance", admin)), 200).getBoolean("visibleLabel")).as("off by default").isFalse();
        JsonObject labelled = json(send(put("/api/admin/provenance", admin, "application/json",
                "{\"visibleLabel\":true,\"labelCorner\":\"top-left\"}".getBytes())), 200);
        assertThat(labelled.getString("labelCorner")).isEqualTo("top-left");

        String image = json(send(post("/api/images", user, "image/png", Api.photo(600, 800))), 201).getString("id");
        JsonObject accepted = json(send(post("/api/video/generate", user, "application/json",
                ("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3,\"enableBranding\":true,\"enableHLS\":true}}")
                        .getBytes(StandardCharsets.UTF_8))), 202);
        send(get("/api/video/status/" + accepted.getString("jobId") + "/events", user)); // ends with the final state
        JsonObject job = json(send(get("/api/video/status/" + accepted.getString("jobId"), user)), 200);
        assertThat(job.getString("status")).as(job.toString()).isEqualTo("completed");

        Path mp4 = Files.write(dir.resolve("branded.mp4"), download(job.getJsonObject("result").getJsonObject("urls").getString("mp4")));
        String info = probe(mp4);
        assertThat(duration(info)).as("intro 2 s + video 3 s + outro 1.5 s").isCloseTo(6.5, within(0.1));
        assertThat(info).contains("Audio: aac").contains("720x1280");
        C2paReader.Verdict verdict = new C2paReader(Path.of("target/contract")).read(mp4, "video/mp4");
        assertThat(verdict.codes()).containsExactly("signingCredential.untrusted");
        JsonObject signed = json(send(get("/api/video/" + job.getJsonObject("result").getString("videoId") + "/provenance", user)), 200);
        assertThat(signed.getJsonObject("mp4").getString("digitalSourceType")).as("the brand makes it a composite")
                .endsWith("/compositeWithTrainedAlgorithmicMedia");
        assertThat(signed.getJsonObject("mp4").getJsonArray("actions").toString()).contains("c2pa.edited");
        String edited = verdict.activeManifest().getJsonArray("assertions").getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("label").equals("c2pa.actions.v2")).findFirst().orElseThrow().toString();
        assertThat(edited).contains("a brand intro", "a brand outro", "a brand watermark", "a visible AI-generated label");
        json(send(put("/api/admin/provenance", admin, "application/json", "{\"visibleLabel\":false}".getBytes())), 200);

        // Switched off and removed, the brand is not there to join.
        json(send(put("/api/admin/branding/intro", admin, "application/json", "{\"enabled\":false}".getBytes())), 200);
        json(send(put("/api/admin/branding/outro", admin, "application/json", "{\"enabled\":false}".getBytes())), 200);
        Api.status(send(delete("/api/admin/branding/watermark", admin)), 204);
        assertProblem(send(post("/api/video/generate", user, "application/json",
                ("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"enableBranding\":true}}").getBytes(StandardCharsets.UTF_8))),
                400, "invalid-request");
        assertProblem(send(delete("/api/admin/branding/watermark", admin)), 404, "branding-not-found");
    }

    private static String probe(Path file) throws Exception {
        Process process = new ProcessBuilder(Api.FFMPEG, "-hide_banner", "-i", file.toString()).redirectErrorStream(true).start();
        String info = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return info;
    }

    private static double duration(String info) {
        Matcher m = Pattern.compile("Duration: (\\d+):(\\d+):(\\d+\\.\\d+)").matcher(info);
        assertThat(m.find()).as(info).isTrue();
        return Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3));
    }

    private byte[] download(String url) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Api.status(response, 200);
        return response.body();
    }

    private HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(120)).build();
    }

    private HttpRequest post(String path, String token, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest put(String path, String token, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest delete(String path, String token) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).DELETE().build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
