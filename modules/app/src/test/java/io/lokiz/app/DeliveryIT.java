package io.lokiz.app;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static io.lokiz.app.Api.photo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How finished media reaches players (REQ-E-004, REQ-S-003): no URL before a video is completed,
 * the stream that fits the asked quality, HLS playlists whose every line loads, and the media
 * endpoint behaving as a CDN would.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class DeliveryIT {

    static final String API = LibertyTestServer.BASE_URL;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String token = LibertyTestServer.token("viewer", "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void handsOutStreamsOnlyOnceTheVideoIsCompletedAndTheOneThatFitsTheAskedQuality() throws Exception {
        String image = json(post("/api/images", "image/jpeg", photo(720, 1280)), 201).getString("id");
        String job = json(post("/api/video/generate", "application/json",
                ("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3,\"enableHLS\":true,\"format\":\"webm\"}}")
                        .getBytes(StandardCharsets.UTF_8)), 202).getString("jobId");

        JsonObject early = assertProblem(get(API + "/api/video/" + job + "/stream"), 409, "video-not-ready");
        assertThat(early.getString("jobId")).isEqualTo(job);
        assertThat(early.getString("jobStatus")).isIn("pending", "generating", "encoding", "uploading");
        assertThat(early.getInt("status")).as("RFC 9457's status is the HTTP status").isEqualTo(409);
        assertProblem(get(API + "/api/video/" + job), 409, "video-not-ready");

        awaitCompleted(job);
        JsonObject auto = json(get(API + "/api/video/" + job + "/stream"), 200);
        assertThat(auto.getString("type")).isEqualTo("hls");
        assertThat(auto.getString("quality")).isEqualTo("auto");
        assertThat(auto.getJsonArray("alternatives").stream().map(JsonObject.class::cast)
                .map(o -> o.getString("type") + " " + o.getString("quality")).toList())
                .containsExactly("hls 720p", "hls 480p", "mp4 720p", "webm 720p");

        JsonObject small = json(get(API + "/api/video/" + job + "/stream?quality=480p"), 200);
        assertThat(small.getString("type")).isEqualTo("hls");
        assertThat(small.getInt("width")).isEqualTo(480);
        assertThat(small.getInt("height")).isEqualTo(854);
        assertThat(json(get(API + "/api/video/" + job + "/stream?quality=1080p"), 200).getString("quality"))
                .as("nothing above the source is made: the nearest is").isEqualTo("720p");
        assertThat(assertProblem(get(API + "/api/video/" + job + "/stream?quality=4k"), 400, "invalid-request").getString("field"))
                .isEqualTo("quality");

        // Every line of the playlists loads as it is: each file carries its own ticket.
        List<String> variants = lines(fetch(auto.getString("url"), "application/vnd.apple.mpegurl"));
        assertThat(variants).hasSize(2).allSatisfy(url -> assertThat(url).startsWith(API + "/media/t/"));
        String rendition = fetch(small.getString("url"), "application/vnd.apple.mpegurl");
        List<String> segments = lines(rendition);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
        // CMAF: the init segment the map names (its address ticketed like the segments'), then fMP4 fragments
        var map = java.util.regex.Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(rendition);
        assertThat(map.find()).as(rendition).isTrue();
        assertThat(map.group(1)).startsWith(API + "/media/t/");
        assertThat(box(map.group(1), "video/mp4")).as("an init segment opens with ftyp").isEqualTo("ftyp");
        assertThat(box(segments.get(0), "video/iso.segment")).as("a media segment opens with styp").isEqualTo("styp");
    }

    @Test
    void servesMediaAsACdnWouldWithValidatorsRangesAndNoWayOut() throws Exception {
        JsonObject image = json(post("/api/images", "image/png", photo(64, 48)), 201);
        String url = image.getString("url");
        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Api.status(whole, 200);
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        int size = whole.body().length;

        Api.status(send(url, "If-None-Match", etag), 304);
        Api.status(send(url, "If-None-Match", "\"other\", W/" + etag), 304);
        Api.status(send(url, "If-None-Match", "\"other\""), 200);
        HttpResponse<byte[]> outside = send(url, "Range", "bytes=" + size + "-");
        Api.status(outside, 416);
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */" + size);
        HttpResponse<byte[]> tail = send(url, "Range", "bytes=-4");
        Api.status(tail, 206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(whole.body(), size - 4, size));

        String ticketPart = url.substring(0, url.indexOf("/images/"));
        for (String elsewhere : List.of("/images/..%2F..%2Fetc%2Fpasswd", "/images/%2E%2E/x.png", "/videos/" + java.util.UUID.randomUUID() + "/video.mp4")) {
            // The container refuses encoded traversal outright (400); what reaches us is unknown (404).
            assertThat(send(ticketPart + elsewhere, "Accept", "*/*").statusCode()).as(elsewhere).isIn(400, 404);
        }
    }

    @Test
    void countsWhatPlayersReportAndShowsAdminsTheFigures() throws Exception {
        String image = json(post("/api/images", "image/jpeg", photo(720, 1280)), 201).getString("id");
        String job = json(post("/api/video/generate", "application/json",
                ("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3}}").getBytes(StandardCharsets.UTF_8)), 202).getString("jobId");
        awaitCompleted(job);
        String video = json(get(API + "/api/video/status/" + job), 200).getJsonObject("result").getString("videoId");
        String events = "/api/video/" + video + "/events";

        for (String report : List.of("{\"type\":\"play\",\"viewerId\":\"v-1\"}", "{\"type\":\"progress\",\"seconds\":2.5,\"viewerId\":\"v-1\"}",
                "{\"type\":\"complete\",\"viewerId\":\"v-1\"}", "{\"type\":\"play\",\"viewerId\":\"v-2\"}", "{\"type\":\"error\",\"viewerId\":\"v-2\"}")) {
            Api.status(post(events, "application/json", report.getBytes(StandardCharsets.UTF_8)), 204);
        }
        String[][] refused = {{"{\"type\":\"pause\"}", "type"}, {"{\"type\":\"play\",\"seconds\":3}", "seconds"},
                {"{\"type\":\"progress\",\"seconds\":4000}", "seconds"}, {"{\"type\":\"progress\"}", "seconds"},
                {"{\"seconds\":1}", "type"}, {"{\"type\":\"play\",\"viewerId\":\"\"}", "viewerId"}};
        for (String[] bad : refused) {
            assertThat(assertProblem(post(events, "application/json", bad[0].getBytes(StandardCharsets.UTF_8)), 400, "invalid-request")
                    .getString("field")).as(bad[0]).isEqualTo(bad[1]);
        }
        String stranger = LibertyTestServer.token("stranger", "user");
        assertProblem(http.send(HttpRequest.newBuilder(URI.create(API + events)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stranger).POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"play\"}")).build(),
                HttpResponse.BodyHandlers.ofString()), 404, "video-not-found");

        String admin = LibertyTestServer.token("analyst", "admin");
        JsonObject stats = json(http.send(HttpRequest.newBuilder(URI.create(API + "/api/admin/analytics/videos/" + video))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()), 200);
        JsonObject total = stats.getJsonObject("total");
        assertThat(total.getInt("plays")).isEqualTo(2);
        assertThat(total.getInt("uniqueViewers")).isEqualTo(2);
        assertThat(total.getJsonNumber("watchSeconds").doubleValue()).isEqualTo(2.5);
        assertThat(total.getJsonNumber("completionRate").doubleValue()).isEqualTo(0.5);
        assertThat(total.getInt("errors")).isEqualTo(1);
        assertThat(stats.getJsonArray("days")).hasSize(1);
        JsonObject top = json(http.send(HttpRequest.newBuilder(URI.create(API + "/api/admin/analytics/videos?days=1&limit=100"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()), 200);
        assertThat(top.getJsonArray("videos").stream().map(JsonObject.class::cast).map(v -> v.getString("videoId"))).contains(video);
        assertThat(get(API + "/api/admin/analytics/videos/" + video).statusCode()).as("not for users").isEqualTo(403);
    }

    private void awaitCompleted(String job) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        String status = "";
        while (!status.equals("completed") && Instant.now().isBefore(deadline)) {
            HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(API + "/api/video/status/" + job + "/events"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(events.body()).doesNotContain("\"status\":\"failed\"");
            status = json(get(API + "/api/video/status/" + job), 200).getString("status");
        }
        assertThat(status).isEqualTo("completed");
    }

    private String fetch(String url, String type) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(url).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(type));
        return answer.body();
    }

    /** The type of the first ISO BMFF box of the file at {@code url}, served as {@code type}. */
    private String box(String url, String type) throws Exception {
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Api.status(answer, 200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue(type);
        return new String(answer.body(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static List<String> lines(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private HttpResponse<byte[]> send(String url, String header, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header(header, value).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(API + path)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
