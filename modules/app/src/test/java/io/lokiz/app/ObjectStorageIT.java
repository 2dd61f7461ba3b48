package io.lokiz.app;

import io.lokiz.kernel.Directories;
import io.lokiz.testing.S3Server;
import io.lokiz.testing.TestDatabase;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real server processes on one database and one S3 bucket (s3proxy in this JVM, signatures
 * checked): a video made on one node plays through the other, and a job whose bucket goes down
 * while it uploads waits, survives its node's restart, and completes with every file intact.
 */
@Execution(ExecutionMode.CONCURRENT) // servers of its own: it runs beside the classes on Arquillian's
@ResourceLock("lokiz-node-a")
@ResourceLock("lokiz-node-b")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStorageIT {

    static final Path ROOT = Path.of("target", "object-storage").toAbsolutePath();
    static final String BUCKET = "lokiz-media";
    static S3Server s3;
    static TestDatabase.Database database;
    static DataSource db;
    static String token;
    static LibertyProcess a;
    static LibertyProcess b;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startBucketAndTwoNodes() throws Exception {
        Directories.delete(ROOT);
        s3 = S3Server.start(ROOT.resolve("s3"), 0).bucket(BUCKET);
        database = TestDatabase.emptyDatabase();
        db = database.dataSource();
        var identity = new EmbeddedIdentity(ROOT.resolve("identity"));
        identity.publicKeyFile();
        token = identity.token("bucketeer", List.of("user"), Duration.ofMinutes(30));
        a = start("lokiz-node-a", 19190);
        b = start("lokiz-node-b", 19191);
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (LibertyProcess node : new LibertyProcess[]{a, b}) {
            if (node != null) {
                node.stop();
            }
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    @Order(1)
    void aVideoMadeOnOneNodePlaysThroughTheOther() throws Exception {
        String job = generate(a, "{\"duration\":3,\"enableHLS\":true}");
        JsonObject done = awaitStatus(a, job, "completed", Duration.ofSeconds(90));
        String videoId = done.getJsonObject("result").getString("videoId");

        JsonObject stream = json(send(b, b.url("/api/video/" + videoId + "/stream")), 200);
        assertThat(stream.getString("url")).as("the master playlist, signed line by line by the node asked")
                .startsWith(b.url("/media/t/"));
        List<String> variants = lines(fetch(stream.getString("url")));
        List<String> segments = lines(fetch(variants.get(0)));
        assertThat(segments).isNotEmpty().allSatisfy(url -> assertThat(url)
                .startsWith(s3.endpoint() + "/" + BUCKET + "/videos/" + videoId + "/hls/").contains("X-Amz-Signature="));
        assertThat(fetchBytes(segments.get(0))).isEqualTo(Files.readAllBytes(s3.file(BUCKET, key(segments.get(0)))));

        String mp4 = done.getJsonObject("result").getJsonObject("urls").getString("mp4");
        assertThat(fetchBytes(mp4)).isEqualTo(Files.readAllBytes(s3.file(BUCKET, "videos/" + videoId + "/video.mp4")));
        assertThat(ROOT.resolve("lokiz-node-a/storage")).as("nothing stored on a node's disk").doesNotExist();

        // Playback statistics are off unless switched on: players and admins are told so.
        Api.assertProblem(send(b, HttpRequest.newBuilder(URI.create(b.url("/api/video/" + videoId + "/events")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"play\"}"))),
                404, "analytics-disabled");
        String admin = new EmbeddedIdentity(ROOT.resolve("identity")).token("operator", List.of("admin"), Duration.ofMinutes(5));
        Api.assertProblem(http.send(HttpRequest.newBuilder(URI.create(b.url("/api/admin/analytics/videos")))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()), 404, "analytics-disabled");
    }

    @Test
    @Order(2)
    void aJobWaitsOutAStorageOutageAcrossARestartAndCompletesWithEveryFileIntact() throws Exception {
        b.stop(); // one node, so the files it spools are the ones that must arrive
        String job = generate(a, "{\"duration\":5,\"resolution\":\"1080p\",\"enableHLS\":true,\"format\":\"webm\"}");
        a.await("job " + job + " generating", Duration.ofSeconds(60), () -> LibertyProcess.firstValue(db,
                "SELECT state FROM job_jobs WHERE id = ?::uuid AND state IN ('GENERATING', 'ENCODING')", job));
        s3.stop();

        JsonObject waiting = awaitStatus(a, job, "uploading", Duration.ofSeconds(90));
        a.await("a failed upload on record", Duration.ofSeconds(30), () -> Optional.of(json(send(a, a.url("/api/video/status/" + job)), 200))
                .filter(s -> s.containsKey("uploadRetry")));
        JsonObject retry = json(send(a, a.url("/api/video/status/" + job)), 200).getJsonObject("uploadRetry");
        assertThat(retry.getString("reason")).contains("storage service is unavailable");
        assertThat(retry.getInt("failures")).isPositive();
        assertThat(waiting.containsKey("result")).isFalse();
        Path spool = ROOT.resolve("lokiz-node-a/work/" + job + "/out");
        Map<String, byte[]> spooled = files(spool);
        assertThat(spooled.keySet()).contains("video.mp4", "video.webm", "thumbnail.jpg", "hls/index.m3u8");
        HttpResponse<String> refused = send(a, HttpRequest.newBuilder(URI.create(a.url("/api/images"))).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Api.photo(64, 64))));
        Api.assertProblem(refused, 503, "storage-unavailable");
        assertThat(refused.headers().firstValue("Retry-After")).as("an upload while the bucket is down").hasValue("30");

        a.stop();
        a = start("lokiz-node-a", 19190);
        a.awaitLive(); // not ready: its store is down, and it says so
        assertThat(json(send(a, a.url("/api/video/status/" + job)), 200).getString("status")).isEqualTo("uploading");
        s3.start();

        JsonObject done = awaitStatus(a, job, "completed", Duration.ofSeconds(90));
        assertThat(done.containsKey("uploadRetry")).isFalse();
        String videoId = done.getJsonObject("result").getString("videoId");
        spooled.forEach((name, bytes) -> {
            try {
                assertThat(Files.readAllBytes(s3.file(BUCKET, "videos/" + videoId + "/" + name))).as(name).isEqualTo(bytes);
            } catch (IOException e) {
                throw new AssertionError(name + " is missing from the bucket", e);
            }
        });
        // the spool is removed once the completion committed, a moment after the status says so: waited for, not raced
        Path work = ROOT.resolve("lokiz-node-a/work/" + job);
        a.await("the spool goes once the bucket holds it all", Duration.ofSeconds(30), () -> Optional.of(work).filter(Files::notExists));
    }

    private String generate(LibertyProcess node, String settings) throws Exception {
        String image = json(send(node, HttpRequest.newBuilder(URI.create(node.url("/api/images"))).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Api.photo(720, 1280)))), 201).getString("id");
        return json(send(node, HttpRequest.newBuilder(URI.create(node.url("/api/video/generate"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tryonImageId\":\"" + image + "\",\"settings\":" + settings + "}"))), 202)
                .getString("jobId");
    }

    private JsonObject awaitStatus(LibertyProcess node, String job, String status, Duration within) throws Exception {
        return node.await("job " + job + " " + status, within, () -> {
            JsonObject now = json(send(node, node.url("/api/video/status/" + job)), 200);
            assertThat(now.getString("status")).as(now.toString()).isNotEqualTo("failed");
            return Optional.of(now).filter(s -> s.getString("status").equals(status));
        });
    }

    /** The files of a folder by relative path, read now. */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        var files = new TreeMap<String, byte[]>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static String key(String presignedUrl) {
        String path = URI.create(presignedUrl).getPath();
        return path.substring(("/" + BUCKET + "/").length());
    }

    private static List<String> lines(String playlist) {
        return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private String fetch(String url) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(url).isEqualTo(200);
        return answer.body();
    }

    private byte[] fetchBytes(String url) throws Exception {
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).as(url).isEqualTo(200);
        return answer.body();
    }

    private HttpResponse<String> send(LibertyProcess node, String url) throws Exception {
        return send(node, HttpRequest.newBuilder(URI.create(url)));
    }

    private HttpResponse<String> send(LibertyProcess node, HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static LibertyProcess start(String name, int port) throws IOException {
        return LibertyProcess.start(name, port, """
                <variable name="lokiz.db.embedded" value="false"/>
                <variable name="lokiz.db.url" value="%s"/>
                <variable name="lokiz.db.user" value="%s"/>
                <variable name="lokiz.db.password" value="%s"/>
                <variable name="lokiz.data.dir" value="%s"/>
                <variable name="lokiz.storage.kind" value="s3"/>
                <variable name="lokiz.storage.s3.endpoint" value="%s"/>
                <variable name="lokiz.storage.s3.region" value="%s"/>
                <variable name="lokiz.storage.s3.bucket" value="%s"/>
                <variable name="lokiz.storage.s3.path-style" value="true"/>
                <variable name="lokiz.storage.s3.access-key" value="%s"/>
                <variable name="lokiz.storage.s3.secret-key" value="%s"/>
                <variable name="lokiz.auth.public-key-location" value="%s"/>
                <variable name="lokiz.auth.ticket-secret" value="shared by the nodes of this test, 32+ bytes"/>
                <variable name="lokiz.worker.lease-seconds" value="5"/>
                <variable name="lokiz.worker.idle-poll-millis" value="500"/>
                <variable name="lokiz.jobs.retry-backoff-seconds" value="1"/>
                <variable name="lokiz.storage.retry-max-seconds" value="2"/>
                """.formatted(database.jdbcUrl(), database.user(), database.password().isEmpty() ? "unused" : database.password(),
                ROOT.resolve(name), s3.endpoint(), S3Server.REGION, BUCKET, S3Server.ACCESS_KEY, S3Server.SECRET_KEY,
                ROOT.resolve("identity/keys/jwt-public.pem")), ROOT);
    }
}
