package io.lokiz.app;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Main and template videos: uploaded, judged whole, the owner's alone; frames captured from them exactly. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class VideoUploadsIT {

    static final String API = LibertyTestServer.BASE_URL;
    static Path dir;
    /** 3 s of a moving test pattern with a tone, 320x240 at 30 fps: every frame differs from the next. */
    static Path clip;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String alice = LibertyTestServer.token("uploader-" + UUID.randomUUID(), "user");
    final String bob = LibertyTestServer.token("other-" + UUID.randomUUID(), "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @BeforeAll
    static void clips() throws Exception {
        dir = Files.createTempDirectory("videos");
        clip = ffmpeg("clip.mp4", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=3", "-f", "lavfi", "-i", "sine=d=3",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart");
    }

    @Test
    void keepsAnUploadedVideoWithItsFactsAndPoster() throws Exception {
        JsonObject video = json(send(post("/api/videos", alice, "video/mp4", Files.readAllBytes(clip))), 201);

        assertThat(video.getJsonNumber("duration").doubleValue()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(video.getInt("width")).isEqualTo(320);
        assertThat(video.getInt("height")).isEqualTo(240);
        assertThat(video.getBoolean("hasAudio")).isTrue();
        BufferedImage poster = ImageIO.read(new ByteArrayInputStream(download(video.getString("posterUrl"))));
        assertThat(poster.getWidth()).isEqualTo(320);
        assertThat(download(video.getString("url"))).isEqualTo(Files.readAllBytes(clip));

        String id = video.getString("id");
        assertThat(json(send(get("/api/videos/" + id, alice)), 200).getString("id")).isEqualTo(id);
        assertProblem(send(get("/api/videos/" + id, bob)), 404, "video-not-found");
    }

    @Test
    void takesAMultipartUploadAndTurnsARotatedPhoneVideoUpright() throws Exception {
        Path rotated = ffmpeg("rotated.mov", "-i", clip.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=90");
        String boundary = "lokiz-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"phone.mov\"\r\n"
                + "Content-Type: video/quicktime\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(head, Files.readAllBytes(rotated), tail);

        JsonObject video = json(send(post("/api/videos", alice, "multipart/form-data; boundary=" + boundary, body)), 201);

        assertThat(video.getInt("rotation")).isIn(90, 270); // ffmpeg 4.4 writes "rotate=90" as a quarter turn back
        assertThat(video.getInt("width")).isEqualTo(240);
        assertThat(video.getInt("height")).isEqualTo(320);
        var frame = json(send(post("/v1/ai/capture-frame", alice, "application/json",
                ("{\"video_id\":\"" + video.getString("id") + "\",\"timestamp\":1.0}").getBytes())), 201);
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(download(frame.getString("image_url"))));
        assertThat(upright.getWidth()).isEqualTo(240);
        assertThat(upright.getHeight()).isEqualTo(320);
    }

    @Test
    void refusesBrokenAndHostileUploadsAndLeavesNothingBehind() throws Exception {
        Path audioOnly = ffmpeg("tone.m4a", "-f", "lavfi", "-i", "sine=d=2", "-c:a", "aac");
        Path sixHours = ffmpeg("six-hours.mp4", "-f", "lavfi", "-i", "color=c=blue:s=32x32:r=1:d=21600",
                "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart");
        Path long100 = ffmpeg("long.mp4", "-f", "lavfi", "-i", "testsrc2=s=64x64:r=5:d=100",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "5", "-movflags", "+faststart");
        byte[] clipBytes = Files.readAllBytes(clip);
        byte[] longBytes = Files.readAllBytes(long100);
        long before = stored();

        assertProblem(send(post("/api/videos", alice, "video/mp4", Arrays.copyOf(clipBytes, 20_000))), 422, "video-unreadable");
        assertProblem(send(post("/api/videos", alice, "video/mp4", Arrays.copyOf(longBytes, longBytes.length / 3))), 422,
                "video-unreadable");
        assertProblem(send(post("/api/videos", alice, "video/mp4", new byte[0])), 400, "invalid-request");
        assertProblem(send(post("/api/videos", alice, "video/mp4", "just some text, named .mp4".getBytes())), 415,
                "unsupported-video-type");
        assertProblem(send(post("/api/videos", alice, "video/mp4", Files.readAllBytes(audioOnly))), 422, "video-without-picture");
        var tooLong = assertProblem(send(post("/api/videos", alice, "video/mp4", Files.readAllBytes(sixHours))), 422, "video-too-long");
        assertThat(tooLong.getString("detail")).contains("21600").contains("120");
        assertProblem(send(post("/api/videos", alice, "text/plain", clipBytes)), 415, "unsupported-video-type");

        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void capturesExactlyTheFrameShownAtTheTimestamp() throws Exception {
        String video = json(send(post("/api/videos", alice, "video/mp4", Files.readAllBytes(clip))), 201).getString("id");

        for (double timestamp : new double[]{0.0, 1.55, 2.0, 2.99}) {
            JsonObject captured = json(send(capture(alice, video, timestamp)), 201);
            assertThat(captured.getString("video_id")).isEqualTo(video);
            assertThat(captured.getJsonNumber("timestamp").doubleValue()).isEqualTo(timestamp);
            BufferedImage frame = ImageIO.read(new ByteArrayInputStream(download(captured.getString("image_url"))));
            int shown = (int) Math.floor(timestamp * 30 + 1e-9); // the frame that starts at or before the time
            assertThat(psnr(frame, reference(shown))).as("PSNR at %s s", timestamp).isGreaterThanOrEqualTo(40.0);
            // The captured frame is an image like any other: it can start a video job.
            assertThat(json(send(get("/api/images/" + captured.getString("image_id"), alice)), 200).getInt("width")).isEqualTo(320);
        }
        var early = assertProblem(send(capture(alice, video, -0.5)), 400, "invalid-request");
        assertThat(early.getString("field")).isEqualTo("timestamp");
        assertThat(early.getString("detail")).contains("3.0");
        assertProblem(send(capture(alice, video, 3.5)), 400, "invalid-request");
        assertProblem(send(post("/v1/ai/capture-frame", alice, "application/json", ("{\"video_id\":\"" + video + "\",\"timestamp\":\"1\"}").getBytes())),
                400, "invalid-request");
        assertProblem(send(capture(bob, video, 1.0)), 404, "video-not-found");
    }

    private HttpRequest capture(String token, String video, double timestamp) {
        return post("/v1/ai/capture-frame", token, "application/json",
                ("{\"video_id\":\"" + video + "\",\"timestamp\":" + timestamp + "}").getBytes());
    }

    /** ffmpeg's own decode of frame number {@code n}, independent of how the server seeks. */
    private static BufferedImage reference(int n) throws Exception {
        Path frame = ffmpeg("frame-" + n + "-" + UUID.randomUUID() + ".png", "-i", clip.toString(), "-vf", "select=eq(n\\," + n + ")",
                "-vsync", "0", "-frames:v", "1");
        return ImageIO.read(frame.toFile());
    }

    private static double psnr(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        double squared = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = ((p >> shift) & 0xff) - ((q >> shift) & 0xff);
                    squared += d * d;
                }
            }
        }
        double mse = squared / (a.getWidth() * a.getHeight() * 3.0);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }

    private static Path ffmpeg(String name, String... arguments) throws Exception {
        return Api.ffmpeg(dir.resolve(name), arguments);
    }

    private static long stored() throws IOException {
        Path uploads = LibertyTestServer.DATA_DIR.resolve("storage/uploads");
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(uploads)) {
            return files.count();
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private byte[] download(String url) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Api.status(response, 200);
        return response.body();
    }

    private HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).build();
    }

    private HttpRequest post(String path, String token, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
