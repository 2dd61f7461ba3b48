package io.lokiz.app;

import io.lokiz.kernel.Directories;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real server processes on one database: a job submitted on one node, watched on the other,
 * survives the processing node being killed with SIGKILL.
 */
@Execution(ExecutionMode.CONCURRENT) // servers of its own: it runs beside the classes on Arquillian's
@ResourceLock("lokiz-node-a")
@ResourceLock("lokiz-node-b")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    static final Path ROOT = Path.of("target", "two-nodes").toAbsolutePath();
    static final Path KEYS = ROOT.resolve("identity");
    static LibertyProcess a;
    static LibertyProcess b;
    static DataSource db;
    static String token;
    static String admin;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Directories.delete(ROOT);
        var database = TestDatabase.emptyDatabase();
        db = database.dataSource();
        var identity = new EmbeddedIdentity(KEYS);
        identity.publicKeyFile();
        token = identity.token("nomad", List.of("user"), Duration.ofMinutes(30));
        admin = identity.token("operator", List.of("admin"), Duration.ofMinutes(30));
        a = start("lokiz-node-a", 19181, database);
        b = start("lokiz-node-b", 19182, database);
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    static void stopNodes() throws InterruptedException {
        for (LibertyProcess node : new LibertyProcess[]{a, b}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    @Test
    @Order(1) // before a node is killed
    void aJobTypePausedOnOneNodeIsPausedOnTheOtherUntilEitherResumesIt() throws Exception {
        String music = "{\"prompt\":\"two nodes\",\"duration\":2}";
        assertThat(json(send(a, HttpRequest.newBuilder(URI.create(a.url("/api/admin/job-types/music"))).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"paused\":true}")), admin), 200).getBoolean("paused")).isTrue();

        Api.assertProblem(send(b, HttpRequest.newBuilder(URI.create(b.url("/v1/ai/music"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(music))), 503, "job-type-paused");

        json(send(b, HttpRequest.newBuilder(URI.create(b.url("/api/admin/job-types/music"))).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"paused\":false}")), admin), 200);
        json(send(a, HttpRequest.newBuilder(URI.create(a.url("/v1/ai/music"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(music))), 202);
    }

    @Test
    @Order(2)
    void finishesAJobWhoseNodeIsKilledMidwayAndStreamsItOnTheOtherNode() throws Exception {
        String image = json(send(a, HttpRequest.newBuilder(URI.create(a.url("/api/images"))).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Api.photo(1080, 1920)))), 201).getString("id");
        String job = json(send(a, HttpRequest.newBuilder(URI.create(a.url("/api/video/generate"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tryonImageId\":\"" + image
                        + "\",\"settings\":{\"duration\":5,\"resolution\":\"1080p\",\"fps\":30}}"))), 202).getString("jobId");

        long worker = awaitWorkerPid(job);
        LibertyProcess processing = pidOf(a) == worker || descendantPids(a).contains(worker) ? a : b;
        LibertyProcess survivor = processing == a ? b : a;
        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(survivor.url("/api/video/status/" + job + "/events")))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());

        ProcessHandle.of(worker).orElseThrow().destroyForcibly(); // SIGKILL: no shutdown hooks, no goodbye
        processing.process().waitFor(30, TimeUnit.SECONDS);

        HttpResponse<String> events = stream.get(120, TimeUnit.SECONDS);
        assertThat(events.body()).contains("\"status\":\"completed\"");
        JsonObject done = json(send(survivor, HttpRequest.newBuilder(URI.create(survivor.url("/api/video/status/" + job)))), 200);
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getJsonObject("result").getJsonObject("metadata").getInt("height")).isEqualTo(1920);
    }

    /** The pid of the JVM that leased the job (node ids start with it), once the job is under way. */
    private static long awaitWorkerPid(String job) throws Exception {
        String owner = a.await("job " + job + " started", Duration.ofSeconds(60), () -> LibertyProcess.firstValue(db,
                "SELECT lease_owner FROM job_jobs WHERE id = ?::uuid AND state IN ('GENERATING', 'ENCODING') AND lease_owner IS NOT NULL", job));
        return Long.parseLong(owner.split("-", 2)[0]);
    }

    private static LibertyProcess start(String name, int port, TestDatabase.Database database) throws IOException {
        return LibertyProcess.start(name, port, """
                <variable name="lokiz.db.embedded" value="false"/>
                <variable name="lokiz.db.url" value="%s"/>
                <variable name="lokiz.db.user" value="%s"/>
                <variable name="lokiz.db.password" value="%s"/>
                <variable name="lokiz.data.dir" value="%s"/>
                <variable name="lokiz.storage.dir" value="%s"/>
                <variable name="lokiz.auth.public-key-location" value="%s"/>
                <variable name="lokiz.auth.ticket-secret" value="shared by the nodes of this test, 32+ bytes"/>
                <variable name="lokiz.worker.lease-seconds" value="5"/>
                <variable name="lokiz.worker.idle-poll-millis" value="500"/>
                """.formatted(database.jdbcUrl(), database.user(), database.password().isEmpty() ? "unused" : database.password(),
                ROOT.resolve(name), ROOT.resolve("shared-storage"), KEYS.resolve("keys/jwt-public.pem")), ROOT);
    }

    private static long pidOf(LibertyProcess node) {
        return node.process().pid();
    }

    private static List<Long> descendantPids(LibertyProcess node) {
        return node.process().descendants().map(ProcessHandle::pid).toList();
    }

    private HttpResponse<String> send(LibertyProcess node, HttpRequest.Builder request) throws Exception {
        return send(node, request, token);
    }

    private HttpResponse<String> send(LibertyProcess node, HttpRequest.Builder request, String bearer) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
