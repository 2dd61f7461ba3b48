package io.lokiz.app;

import io.lokiz.testing.TestDatabase;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.lokiz.app.VideoGenerationIT.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real server processes on one database: a job submitted on one node, watched on the other,
 * survives the processing node being killed with SIGKILL.
 */
class TwoNodesIT {

    static final Path ROOT = Path.of("target", "two-nodes").toAbsolutePath();
    static final Path KEYS = ROOT.resolve("identity");
    static Node a;
    static Node b;
    static DataSource db;
    static String token;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One Liberty process. */
    record Node(String name, int port, Process process) {
        String url(String path) {
            return "http://localhost:" + port + path;
        }
    }

    @BeforeAll
    static void startTwoNodes() throws Exception {
        deleteTree(ROOT);
        var database = TestDatabase.emptyDatabase();
        db = database.dataSource();
        var identity = new EmbeddedIdentity(KEYS);
        identity.publicKeyFile();
        token = identity.token("nomad", List.of("user"), Duration.ofMinutes(30));
        a = start("lokiz-node-a", 19181, database);
        b = start("lokiz-node-b", 19182, database);
        awaitReady(a);
        awaitReady(b);
    }

    @AfterAll
    static void stopNodes() {
        for (Node node : new Node[]{a, b}) {
            if (node != null && node.process().isAlive()) {
                node.process().descendants().forEach(ProcessHandle::destroy);
                node.process().destroy();
            }
        }
    }

    @Test
    void finishesAJobWhoseNodeIsKilledMidwayAndStreamsItOnTheOtherNode() throws Exception {
        String image = json(send(a, HttpRequest.newBuilder(URI.create(a.url("/api/images"))).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(VideoGenerationIT.photo(1080, 1920)))), 201).getString("id");
        String job = json(send(a, HttpRequest.newBuilder(URI.create(a.url("/api/video/generate"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tryonImageId\":\"" + image
                        + "\",\"settings\":{\"duration\":5,\"resolution\":\"1080p\",\"fps\":30}}"))), 202).getString("jobId");

        long worker = awaitWorkerPid(job);
        Node processing = pidOf(a) == worker || descendantPids(a).contains(worker) ? a : b;
        Node survivor = processing == a ? b : a;
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
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try (var c = db.getConnection(); var st = c.prepareStatement(
                    "SELECT lease_owner FROM job_jobs WHERE id = ?::uuid AND state IN ('GENERATING', 'ENCODING') AND lease_owner IS NOT NULL")) {
                st.setString(1, job);
                try (var rs = st.executeQuery()) {
                    if (rs.next()) {
                        return Long.parseLong(rs.getString(1).split("-", 2)[0]);
                    }
                }
            }
            a.process().waitFor(20, TimeUnit.MILLISECONDS); // a short wait that also ends if the node dies
        }
        throw new AssertionError("job " + job + " never started");
    }

    private static Node start(String name, int port, TestDatabase.Database database) throws IOException {
        Path wlp = Path.of(System.getProperty("lokiz.wlp.home"));
        Path server = wlp.resolve("usr/servers/" + name);
        Files.createDirectories(server.resolve("configDropins/overrides"));
        Files.writeString(server.resolve("configDropins/overrides/lokiz-test.xml"), """
                <server>
                  <variable name="lokiz.http.port" value="%d"/>
                  <variable name="lokiz.public-url" value="http://localhost:%d"/>
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
                </server>
                """.formatted(port, port, database.jdbcUrl(), database.user(), database.password().isEmpty() ? "unused" : database.password(),
                ROOT.resolve(name), ROOT.resolve("shared-storage"), KEYS.resolve("keys/jwt-public.pem")));
        Process process = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name)
                .redirectErrorStream(true)
                .redirectOutput(ROOT.resolve(name + ".log").toFile())
                .start();
        return new Node(name, port, process);
    }

    private static void awaitReady(Node node) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline) && node.process().isAlive()) {
            try {
                var health = client.send(HttpRequest.newBuilder(URI.create(node.url("/health/ready"))).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the port opens late in start-up
            }
            node.process().waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(node.name() + " did not become ready; see " + ROOT.resolve(node.name() + ".log"));
    }

    private static long pidOf(Node node) {
        return node.process().pid();
    }

    private static List<Long> descendantPids(Node node) {
        return node.process().descendants().map(ProcessHandle::pid).toList();
    }

    private HttpResponse<String> send(Node node, HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
