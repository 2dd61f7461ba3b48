package io.lokiz.app;

import jakarta.json.JsonObject;
import org.assertj.core.data.Offset;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The plan's AI jobs, each from request to completed over HTTP, outputs probed with ffmpeg. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class AiJobsIT {

    static final String API = LibertyTestServer.BASE_URL;
    static Path dir;
    /** A 7 s template clip with sound, landscape. */
    static Path templateClip;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String account = "studio-" + UUID.randomUUID();
    final String user = LibertyTestServer.token(account, "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @BeforeAll
    static void clips() throws Exception {
        dir = Files.createTempDirectory("ai-jobs");
        templateClip = ffmpeg("template.mp4", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=24:d=7", "-f", "lavfi", "-i", "sine=f=330:d=7",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    @Test
    void listsTheTemplateCatalogueAndLetsAdminsKeepIt() throws Exception {
        var listed = send(get("/v1/ai/templates", user));
        Api.status(listed, 200);
        assertThat(listed.body()).contains("\"ai_hug\"").contains("\"dance\"").contains("default_prompt");

        String admin = LibertyTestServer.token("root", "admin", "user");
        String id = "spin_" + System.nanoTime() % 100000;
        String change = "{\"name\":\"Spin\",\"default_prompt\":\"A slow spin\",\"motion\":\"SWAY\",\"enabled\":true}";
        Api.status(send(put("/api/admin/templates/" + id, admin, change)), 201);
        assertThat(send(get("/v1/ai/templates", user)).body()).contains(id);
        Api.status(send(put("/api/admin/templates/" + id, admin, change.replace("true", "false"))), 200);
        assertThat(send(get("/v1/ai/templates", user)).body()).doesNotContain(id);
        Api.status(send(put("/api/admin/templates/" + id, user, change)), 403);
        assertProblem(send(put("/api/admin/templates/" + id, admin, change.replace("SWAY", "WOBBLE"))), 400, "invalid-request");
    }

    @Test
    void makesATemplateVideoAndChargesItsPriceOnce() throws Exception {
        String image = upload(Api.photo(720, 1280));

        JsonObject accepted = json(send(post("/v1/ai/template", user,
                "{\"image_id\":\"" + image + "\",\"template\":\"dance\",\"duration\":6}")), 202);
        JsonObject job = completed(accepted.getString("job_id"));

        assertThat(job.getString("job_type")).isEqualTo("i2v_template");
        assertThat(job.getInt("credits_used")).isEqualTo(20);
        assertThat(job.getJsonObject("input_data").getString("prompt")).isEqualTo("Dance to the beat, full body motion");
        JsonObject output = job.getJsonObject("output_data");
        assertThat(output.getString("model")).as("the local provider's own name for its motion").isEqualTo("lokiz/local-motion");
        assertThat(output.getString("provider")).isEqualTo("local");
        Media video = probe(download(output.getString("video_url"), "template.mp4"));
        assertThat(video.duration()).isCloseTo(6.0, Offset.offset(0.1));
        assertThat(video.size()).isEqualTo("720x1280");
        assertThat(balance()).isEqualTo(100 - 20);

        assertProblem(send(post("/v1/ai/template", user, "{\"image_id\":\"" + image + "\",\"template\":\"dance\",\"duration\":11}")),
                400, "invalid-request");
        assertProblem(send(post("/v1/ai/template", user, "{\"image_id\":\"" + image + "\",\"template\":\"moonwalk\",\"duration\":5}")),
                400, "invalid-request");
    }

    @Test
    void remixesATemplateVideoWithTheUsersImageKeepingItsSound() throws Exception {
        String image = upload(Api.photo(600, 800));
        String template = json(send(post("/api/videos", user, "video/mp4", Files.readAllBytes(templateClip))), 201).getString("id");

        for (String kind : List.of("animate", "replace")) {
            JsonObject accepted = json(send(post("/v1/ai/glitch/" + kind, user,
                    "{\"template_video_id\":\"" + template + "\",\"user_image_id\":\"" + image + "\",\"prompt\":\"Apply dance motion\"}")), 202);
            JsonObject job = completed(accepted.getString("job_id"));

            assertThat(job.getString("job_type")).isEqualTo("glitch_" + kind);
            assertThat(job.getInt("credits_used")).isEqualTo(30);
            Media video = probe(download(job.getJsonObject("output_data").getString("video_url"), kind + ".mp4"));
            assertThat(video.duration()).as(kind).isCloseTo(7.0, Offset.offset(0.1)); // the template's length
            assertThat(video.size()).as(kind).isEqualTo("1280x720"); // the template's orientation, 720p
            assertThat(video.hasAudio()).as(kind + " keeps the template's sound").isTrue();
        }
        assertThat(balance()).isEqualTo(100 - 60);
    }

    @Test
    void makesMusicOfTheAskedLengthAndLaysItUnderAFinishedVideo() throws Exception {
        JsonObject track = completed(json(send(post("/v1/ai/music", user, "{\"prompt\":\"Upbeat electronic beat\",\"duration\":9}")), 202)
                .getString("job_id"));
        JsonObject output = track.getJsonObject("output_data");
        Media audio = probe(download(output.getString("audio_url"), "track.m4a"));
        assertThat(audio.duration()).isCloseTo(9.0, Offset.offset(0.1));
        assertThat(output.getJsonNumber("audio_duration").doubleValue()).isCloseTo(9.0, Offset.offset(0.1));
        assertThat(audio.hasAudio()).isTrue();
        assertThat(track.getInt("credits_used")).isEqualTo(5);

        String image = upload(Api.photo(640, 360));
        String finished = completed(json(send(post("/v1/ai/template", user,
                "{\"image_id\":\"" + image + "\",\"template\":\"ai_hug\",\"duration\":5}")), 202).getString("job_id"))
                .getJsonObject("output_data").getString("video_id");
        JsonObject scored = completed(json(send(post("/v1/ai/music", user,
                "{\"prompt\":\"calm ambient pad\",\"duration\":30,\"video_id\":\"" + finished + "\"}")), 202).getString("job_id"));
        Media withMusic = probe(download(scored.getJsonObject("output_data").getString("video_url"), "scored.mp4"));
        assertThat(withMusic.duration()).isCloseTo(5.0, Offset.offset(0.1)); // trimmed to the video
        assertThat(withMusic.hasAudio()).isTrue();
        assertThat(balance()).isEqualTo(100 - 5 - 20 - 5);
    }

    @Test
    void refusesWhatTheUserCannotPayOrDoesNotOwn() throws Exception {
        String image = upload(Api.photo(64, 48));
        String admin = LibertyTestServer.token("root", "admin", "user");
        balance();
        json(send(post("/api/admin/credits/adjustments", admin, "{\"account\":\"" + account + "\",\"amount\":-90,\"reason\":\"test\"}")), 201);

        var short402 = assertProblem(send(post("/v1/ai/template", user, "{\"image_id\":\"" + image + "\",\"template\":\"dance\",\"duration\":5}")),
                402, "insufficient-credits");
        assertThat(short402.getInt("price")).isEqualTo(20);
        assertThat(short402.getInt("available")).isEqualTo(10);

        String other = LibertyTestServer.token("intruder-" + UUID.randomUUID(), "user");
        String video = json(send(post("/api/videos", user, "video/mp4", Files.readAllBytes(templateClip))), 201).getString("id");
        String otherImage = json(send(post("/api/images", other, "image/png", Api.photo(64, 48))), 201).getString("id");
        assertProblem(send(post("/v1/ai/glitch/animate", other,
                "{\"template_video_id\":\"" + video + "\",\"user_image_id\":\"" + otherImage + "\"}")), 404, "video-not-found");
        assertProblem(send(post("/v1/ai/template", other, "{\"image_id\":\"" + image + "\",\"template\":\"dance\",\"duration\":5}")),
                404, "image-not-found");
        String job = json(send(post("/v1/ai/music", user, "{\"prompt\":\"sad piano\",\"duration\":5}")), 202).getString("job_id");
        assertProblem(send(get("/v1/ai/jobs/" + job, other)), 404, "job-not-found");
        assertThat(balance()).isEqualTo(10 - 5);
    }

    @Test
    void listsTheUsersJobsNewestFirstFilteredAndPaged() throws Exception {
        List<String> made = new ArrayList<>();
        for (String prompt : List.of("one", "two", "three")) {
            made.add(0, json(send(post("/v1/ai/music", user, "{\"prompt\":\"" + prompt + "\",\"duration\":2}")), 202).getString("job_id"));
        }
        String other = LibertyTestServer.token("lister-" + UUID.randomUUID(), "user");
        json(send(post("/v1/ai/music", other, "{\"prompt\":\"not yours\",\"duration\":2}")), 202);

        JsonObject first = json(send(get("/v1/ai/jobs?type=music&limit=2", user)), 200);
        JsonObject second = json(send(get("/v1/ai/jobs?type=music&limit=2&cursor=" + first.getString("next"), user)), 200);

        List<String> listed = new ArrayList<>();
        for (JsonObject page : List.of(first, second)) {
            page.getJsonArray("jobs").forEach(job -> listed.add(job.asJsonObject().getString("id")));
        }
        assertThat(listed).isEqualTo(made);
        assertThat(second.containsKey("next") && !second.isNull("next")).as("a next page after the last").isFalse();
        assertThat(json(send(get("/v1/ai/jobs?type=i2v_template", user)), 200).getJsonArray("jobs")).isEmpty();
        assertProblem(send(get("/v1/ai/jobs?type=teleport", user)), 400, "invalid-request");
        assertProblem(send(get("/v1/ai/jobs?status=done", user)), 400, "invalid-request");
        assertProblem(send(get("/v1/ai/jobs?cursor=forged", user)), 400, "invalid-request");
    }

    @Test
    void showsAPreviewJobInThePlansShapeToo() throws Exception {
        String image = upload(Api.photo(64, 48));
        String job = json(send(post("/api/video/generate", user, "{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3}}")), 202)
                .getString("jobId");

        JsonObject done = completed(job);

        assertThat(done.getString("job_type")).isEqualTo("video_preview");
        assertThat(done.getInt("credits_used")).isEqualTo(10);
        assertThat(done.getJsonObject("input_data").getString("image_id")).isEqualTo(image);
        assertThat(done.getJsonObject("output_data").getString("video_url")).isNotBlank();
    }

    @Test
    void makesAPreviewInEitherDialectAsOneAndTheSameJob() throws Exception {
        String image = upload(Api.photo(64, 48));

        JsonObject plan = json(send(keyed(post("/v1/ai/preview", user,
                "{\"image_id\":\"" + image + "\",\"settings\":{\"duration\":3}}"), "both-dialects")), 202);
        JsonObject spec = json(send(keyed(post("/api/video/generate", user,
                "{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3}}"), "both-dialects")), 202);

        assertThat(plan.getString("job_type")).isEqualTo("video_preview");
        assertThat(spec.getString("jobId")).as("one job API under both: the same request under one key is one job")
                .isEqualTo(plan.getString("job_id"));
        assertThat(completed(plan.getString("job_id")).getJsonObject("input_data").getJsonObject("settings").getInt("duration")).isEqualTo(3);
        JsonObject status = json(send(get("/api/video/status/" + spec.getString("jobId"), user)), 200);
        assertThat(status.getString("tryonImageId")).isEqualTo(image);
        assertThat(status.getJsonObject("result").getJsonObject("urls").getString("mp4")).isNotBlank();
        assertThat(balance()).isEqualTo(100 - 10);
        var both = assertProblem(send(post("/v1/ai/preview", user,
                "{\"image_id\":\"" + image + "\",\"image_url\":\"https://example.com/a.png\"}")), 400, "invalid-request");
        assertThat(both.getString("field")).isEqualTo("image_id");
        var longer = assertProblem(send(post("/v1/ai/preview", user,
                "{\"image_id\":\"" + image + "\",\"settings\":{\"duration\":9}}")), 400, "invalid-request");
        assertThat(longer.getString("field")).isEqualTo("settings.duration");
    }

    @Test
    void answersARepeatedKeyWithTheSameJob() throws Exception {
        String image = upload(Api.photo(64, 48));
        String imageUrl = json(send(get("/api/images/" + image, user)), 200).getString("url");
        String body = "{\"image_url\":\"" + imageUrl + "\",\"template\":\"ai_hug\",\"duration\":5}";

        String first = json(send(keyed(post("/v1/ai/template", user, body), "tpl-1")), 202).getString("job_id");
        String again = json(send(keyed(post("/v1/ai/template", user, body), "tpl-1")), 202).getString("job_id");
        assertProblem(send(keyed(post("/v1/ai/template", user, body.replace("ai_hug", "dance")), "tpl-1")), 422, "idempotency-key-reused");

        assertThat(again).isEqualTo(first);
        assertThat(completed(first).getInt("credits_used")).isEqualTo(20);
        assertThat(balance()).isEqualTo(100 - 20);
    }

    private static HttpRequest keyed(HttpRequest request, String key) {
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Idempotency-Key", key).build();
    }

    private JsonObject completed(String jobId) throws Exception {
        JsonObject job = finished(jobId);
        assertThat(job.getString("status")).as(job.toString()).isEqualTo("completed");
        return job;
    }

    /** Follows the job's event stream to its end (the final state), then reads the job. */
    private JsonObject finished(String jobId) throws Exception {
        String ticket = json(send(post("/v1/ai/jobs/" + jobId + "/ticket", user, "")), 200).getString("events_url");
        var stream = http.send(HttpRequest.newBuilder(URI.create(ticket)).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
        Api.status(stream, 200);
        return json(send(get("/v1/ai/jobs/" + jobId, user)), 200);
    }

    private long balance() throws Exception {
        return json(send(get("/api/credits/balance", user)), 200).getJsonNumber("available").longValue();
    }

    private String upload(byte[] photo) throws Exception {
        return json(send(post("/api/images", user, "image/png", photo)), 201).getString("id");
    }

    record Media(double duration, String size, boolean hasAudio) {
    }

    private static Media probe(Path file) throws Exception {
        Process process = new ProcessBuilder(Api.FFMPEG, "-hide_banner", "-i", file.toString()).redirectErrorStream(true).start();
        String info = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher duration = Pattern.compile("Duration: (\\d+):(\\d+):(\\d+\\.\\d+)").matcher(info);
        assertThat(duration.find()).as(info).isTrue();
        double seconds = Integer.parseInt(duration.group(1)) * 3600 + Integer.parseInt(duration.group(2)) * 60
                + Double.parseDouble(duration.group(3));
        Matcher size = Pattern.compile("Video: .*?, (\\d{2,5}x\\d{2,5})").matcher(info);
        return new Media(seconds, size.find() ? size.group(1) : null, info.contains("Audio: aac"));
    }

    private Path download(String url, String name) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Api.status(response, 200);
        return Files.write(dir.resolve(UUID.randomUUID() + "-" + name), response.body());
    }

    private static Path ffmpeg(String name, String... arguments) throws Exception {
        return Api.ffmpeg(dir.resolve(name), arguments);
    }

    private HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).build();
    }

    private HttpRequest post(String path, String token, String json) {
        return post(path, token, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest post(String path, String token, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest put(String path, String token, String json) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
