package io.lokiz.app;

import io.lokiz.kernel.Directories;
import io.lokiz.media.FrameSize;
import io.lokiz.media.StillMotion;
import io.lokiz.testing.FakeFal;
import io.lokiz.testing.TestDatabase;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server whose provider is fal.ai, played by a local fake of fal's queue API: the job waits at
 * fal until fal's signed webhook says it is done (polls are half a minute apart here, so a job
 * that finishes within seconds of the webhook finished because of it), polling is the safety net,
 * fal's retried deliveries of that webhook charge the user once, and fal's failures (a 500, a
 * 429, a hang, a run of errors that opens the breaker) are ridden out as the issue asks.
 */
@Execution(ExecutionMode.CONCURRENT) // servers of its own: it runs beside the classes on Arquillian's
@ResourceLock("lokiz-providers")
class FalIT {

    static final Path ROOT = Path.of("target", "fal-node").toAbsolutePath();
    static final String KEY = "fal-it-key";
    static final int POLL_SECONDS = 30;
    static FakeFal fal;
    static LibertyProcess node;
    static DataSource db;
    static EmbeddedIdentity identity;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String token;

    /** Each test is a user of its own, with the welcome grant of 100 credits. */
    FalIT() throws java.io.IOException {
        token = identity.token("fal-fan-" + java.util.UUID.randomUUID(), List.of("user"), Duration.ofMinutes(30));
    }

    @BeforeAll
    static void startANodeOnFal() throws Exception {
        Directories.delete(ROOT);
        fal = new FakeFal(KEY);
        fal.serveClip(generatedClip());
        var database = TestDatabase.emptyDatabase();
        db = database.dataSource();
        identity = new EmbeddedIdentity(ROOT.resolve("identity"));
        node = LibertyProcess.start("lokiz-providers", 19183, LibertyProcess.onDatabase(database, ROOT.resolve("data")) + """
                <variable name="lokiz.auth.public-key-location" value="%s"/>
                <variable name="lokiz.provider" value="fal"/>
                <variable name="lokiz.providers.fal.queue-url" value="%s"/>
                <variable name="lokiz.providers.fal.key" value="%s"/>
                <variable name="lokiz.webhooks.fal.jwks-url" value="%s"/>
                <variable name="lokiz.fetch.allow-http" value="true"/>
                <variable name="lokiz.fetch.trusted-hosts" value="localhost"/>
                <variable name="lokiz.jobs.provider-poll-seconds" value="%d"/>
                <variable name="lokiz.jobs.generation-timeout-seconds" value="600"/>
                <variable name="lokiz.jobs.retry-backoff-seconds" value="1"/>
                <variable name="lokiz.providers.breaker-wait-seconds" value="3"/>
                <variable name="io.lokiz.providers.control.FalCalls/send/Timeout/value" value="1"/>
                <variable name="io.lokiz.providers.control.FalCalls/send/CircuitBreaker/requestVolumeThreshold" value="4"/>
                <variable name="io.lokiz.providers.control.FalCalls/send/CircuitBreaker/failureRatio" value="1.0"/>
                <variable name="io.lokiz.providers.control.FalCalls/send/CircuitBreaker/delay" value="3"/>
                """.formatted(identity.publicKeyFile(), fal.url(), KEY, fal.jwksUrl(), POLL_SECONDS), ROOT);
        node.awaitReady();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (node != null) {
            node.stop();
        }
        if (fal != null) {
            fal.close();
        }
    }

    @Test
    @Timeout(180)
    void finishesOnFalsSignedWebhookAndChargesOnceHoweverOftenItIsDelivered() throws Exception {
        String job = generate();
        String requestId = awaitWaitingAtFal(job);
        assertThat(fal.submissions()).filteredOn(s -> s.requestId().equals(requestId)).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo("/fal-ai/stable-video");
            assertThat(s.webhookUrl()).isEqualTo(node.url("/api/webhooks/fal"));
            assertThat(s.body()).contains("\"image_url\":\"" + node.url("/media/"));
        });

        fal.finish(requestId);
        assertThat(fal.deliverStaleWebhook(requestId)).as("signed, but ten minutes old").isEqualTo(401);
        Instant delivered = Instant.now();
        // fal retries a webhook until it is acknowledged, so the same delivery may come again and again;
        // it is taken at the spec's address (POST /api/video/webhook) as at ours.
        assertThat(fal.deliverWebhook(node.url("/api/video/webhook"), requestId)).as("the spec's address").isEqualTo(204);
        assertThat(fal.deliverWebhook(requestId)).isEqualTo(204);
        String events = send(HttpRequest.newBuilder(URI.create(node.url("/api/video/status/" + job + "/events")))).body();
        assertThat(Duration.between(delivered, Instant.now())).as("moved by the webhook, not a poll").isLessThan(Duration.ofSeconds(POLL_SECONDS - 10));
        assertThat(fal.deliverWebhook(requestId)).isEqualTo(204); // once more, after the job completed

        assertThat(events).contains("\"status\":\"completed\"");
        JsonObject done = json(send(HttpRequest.newBuilder(URI.create(node.url("/api/video/status/" + job)))), 200);
        assertThat(done.getJsonObject("result").getJsonObject("metadata").getInt("height")).isEqualTo(1280);
        assertThat(done.getJsonObject("result").getJsonObject("metadata").getJsonNumber("duration").doubleValue()).isEqualTo(4.0);
        assertThat(balance()).containsExactly(90, 0, 90);
        assertThat(entryKinds()).containsExactly("capture", "hold", "grant");
    }

    @Test
    @Timeout(180)
    void cancelsAJobWhileFalGeneratesItAtFalTooAndGivesTheCreditsBack() throws Exception {
        String job = generate();
        String requestId = awaitWaitingAtFal(job);

        JsonObject canceled = json(send(HttpRequest.newBuilder(URI.create(node.url("/api/video/jobs/" + job + "/cancel")))
                .POST(HttpRequest.BodyPublishers.noBody())), 200);

        assertThat(canceled.getString("status")).isEqualTo("canceled");
        // The provider is told after the cancel commits; the node's answer does not wait for it.
        awaitCanceledAtFal(requestId);
        fal.finish(requestId);
        assertThat(fal.deliverWebhook(requestId)).isEqualTo(204); // fal finished anyway: nothing moves
        assertThat(json(send(HttpRequest.newBuilder(URI.create(node.url("/api/video/status/" + job)))), 200).getString("status"))
                .isEqualTo("canceled");
        assertThat(balance()).containsExactly(100, 0, 100);
        assertThat(entryKinds()).containsExactly("release", "hold", "grant");
    }

    @Test
    @Timeout(180)
    void failsAtOnceWhenFalRefusesTheImageAndGivesTheCreditsBack() throws Exception {
        int submissionsBefore = fal.submissions().size();
        String job = generate();
        String requestId = awaitWaitingAtFal(job);

        fal.fail(requestId, "image_url could not be downloaded");
        assertThat(fal.deliverWebhook(requestId)).isEqualTo(204);
        String events = send(HttpRequest.newBuilder(URI.create(node.url("/api/video/status/" + job + "/events")))).body();

        assertThat(events).contains("\"status\":\"failed\"");
        JsonObject failed = json(send(HttpRequest.newBuilder(URI.create(node.url("/api/video/status/" + job)))), 200);
        assertThat(failed.getString("error")).startsWith("fal.ai could not make a video of this image: image_url could not be downloaded. The ")
                .endsWith(" credits held for this job were returned.");
        assertThat(fal.submissions()).as("a refusal is not retried").hasSize(submissionsBefore + 1);
        assertThat(balance()).containsExactly(100, 0, 100);
        assertThat(entryKinds()).containsExactly("release", "hold", "grant");
    }

    @Test
    void refusesAWebhookFalDidNotSign() throws Exception {
        var forged = HttpRequest.newBuilder(URI.create(node.url("/api/webhooks/fal"))).header("Content-Type", "application/json")
                .header("X-Fal-Webhook-Request-Id", "req-1").header("X-Fal-Webhook-User-Id", "fal-user-1")
                .header("X-Fal-Webhook-Timestamp", Long.toString(Instant.now().getEpochSecond()))
                .header("X-Fal-Webhook-Signature", "00".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString("{\"request_id\":\"req-1\",\"status\":\"OK\"}")).build();

        Api.status(http.send(forged, HttpResponse.BodyHandlers.ofString()), 401);
    }

    @Test
    @Timeout(180)
    void completesByPollingWhenTheWebhookNeverComes() throws Exception {
        String job = generate();
        String requestId = awaitWaitingAtFal(job);

        fal.finish(requestId); // and no webhook

        assertThat(awaitEnd(job, Duration.ofSeconds(POLL_SECONDS * 3)).getString("status")).isEqualTo("completed");
        assertThat(balance()).containsExactly(90, 0, 90);
    }

    @Test
    @Timeout(180)
    void ridesOutAServerErrorAndWaitsAsLongAsAThrottlingFalAsks() throws Exception {
        fal.answerNext(500, "{\"detail\":\"Internal server error\"}", null);
        String first = generate();
        awaitWaitingAtFal(first);
        assertThat(attempts(first)).as("the 500 was retried inside the call, no attempt lost").isEqualTo(1);

        fal.answerNext(429, "{\"detail\":\"Too many requests\"}", "3");
        Instant asked = Instant.now();
        String second = generate();
        awaitWaitingAtFal(second);
        assertThat(Duration.between(asked, Instant.now())).as("Retry-After honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(attempts(second)).as("waiting is no attempt").isEqualTo(1);
    }

    @Test
    @Timeout(180)
    void givesUpOnACallThatHangsAfterThreeTriesAndTriesTheJobAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            fal.hangNext(Duration.ofSeconds(2)); // each past the calls' 1 s timeout here
        }
        String job = generate();
        String requestId = awaitWaitingAtFal(job);

        assertThat(attempts(job)).as("the third timed-out call failed the first attempt; the second went through").isEqualTo(2);
        fal.finish(requestId);
        fal.deliverWebhook(requestId);
        assertThat(awaitEnd(job, Duration.ofSeconds(60)).getString("status")).isEqualTo("completed");
    }

    @Test
    @Timeout(180)
    void parksJobsWhileFalsBreakerIsOpenAndGoesOnOnceItCloses() throws Exception {
        for (int i = 0; i < 6; i++) {
            fal.answerNext(503, "{\"detail\":\"Service unavailable\"}", null);
        }
        String job = generate();
        String requestId = awaitWaitingAtFal(job);

        // Without the breaker the six 503s would cost two whole attempts; with it the fourth opens
        // the breaker, and the job waits, its attempt kept, until a trial call passes.
        assertThat(attempts(job)).isEqualTo(2);
        fal.finish(requestId);
        fal.deliverWebhook(requestId);
        assertThat(awaitEnd(job, Duration.ofSeconds(60)).getString("status")).isEqualTo("completed");
    }

    private JsonObject awaitEnd(String job, Duration within) throws Exception {
        return node.await("job " + job + " ended", within, () -> Optional.of(json(send(HttpRequest.newBuilder(
                URI.create(node.url("/api/video/status/" + job)))), 200)).filter(s -> List.of("completed", "failed", "canceled")
                .contains(s.getString("status"))));
    }

    private static int attempts(String job) throws Exception {
        return Integer.parseInt(LibertyProcess.firstValue(db, "SELECT attempts::text FROM job_jobs WHERE id = ?::uuid", job).orElseThrow());
    }

    private String generate() throws Exception {
        String image = json(send(HttpRequest.newBuilder(URI.create(node.url("/api/images"))).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Api.photo(768, 1024)))), 201).getString("id");
        return json(send(HttpRequest.newBuilder(URI.create(node.url("/api/video/generate"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tryonImageId\":\"" + image + "\"}"))), 202).getString("jobId");
    }

    private List<Integer> balance() throws Exception {
        JsonObject balance = json(send(HttpRequest.newBuilder(URI.create(node.url("/api/credits/balance")))), 200);
        return List.of(balance.getInt("available"), balance.getInt("held"), balance.getInt("total"));
    }

    private List<String> entryKinds() throws Exception {
        return json(send(HttpRequest.newBuilder(URI.create(node.url("/api/credits/entries")))), 200).getJsonArray("entries")
                .stream().map(e -> e.asJsonObject().getString("kind")).toList();
    }

    private static void awaitCanceledAtFal(String requestId) throws Exception {
        node.await("fal told to cancel " + requestId, Duration.ofSeconds(30),
                () -> fal.canceled().contains(requestId) ? Optional.of(true) : Optional.empty());
    }

    /** The fal request id, once the job has committed that it waits for fal (its next step is a poll). */
    private static String awaitWaitingAtFal(String job) throws Exception {
        return node.await("job " + job + " waiting at fal", Duration.ofSeconds(60), () -> LibertyProcess.firstValue(db,
                "SELECT output->>'requestId' FROM job_jobs WHERE id = ?::uuid AND step = 'POLL' AND waiting_on LIKE 'fal:%'", job));
    }

    /** What fal's model would return: a real 3 s clip, shorter than the 4 s asked for, of another size. */
    private static byte[] generatedClip() throws Exception {
        Path dir = Files.createDirectories(ROOT.resolve("clip"));
        Path photo = Files.write(dir.resolve("photo.jpg"), Api.photo(576, 1024));
        Path clip = dir.resolve("fal.mp4");
        new StillMotion().render(photo, new FrameSize(576, 1024), 24, 3, clip);
        return Files.readAllBytes(clip);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
