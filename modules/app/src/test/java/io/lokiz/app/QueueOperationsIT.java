package io.lokiz.app;

import jakarta.json.JsonArray;
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
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operating the queue over HTTP: pausing a job type, searching anyone's jobs, a job's whole history, and retrying
 * failed or canceled jobs one by one or by filter, each new job paying its price once.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class QueueOperationsIT {

    static final String API = LibertyTestServer.BASE_URL;
    static final String MUSIC = "{\"prompt\":\"queue drill\",\"duration\":%d}";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String adminName = "operator-" + UUID.randomUUID();
    final String admin = LibertyTestServer.token(adminName, "admin");
    final String support = LibertyTestServer.token("support-" + UUID.randomUUID(), "support");
    final String account = "queued-" + UUID.randomUUID();
    final String user = LibertyTestServer.token(account, "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void aPausedTypeRefusesNewJobsWith503AndRetryAfterUntilItIsResumed() throws Exception {
        JsonObject paused = json(send("PUT", "/api/admin/job-types/music", admin, "{\"paused\":true}"), 200);
        try {
            assertThat(paused.getBoolean("paused")).isTrue();
            assertThat(paused.getString("pausedBy")).isEqualTo(adminName);
            HttpResponse<String> refused = send("POST", "/v1/ai/music", user, MUSIC.formatted(2));
            JsonObject problem = assertProblem(refused, 503, "job-type-paused");
            assertThat(problem.getString("jobType")).isEqualTo("music");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
            JsonArray types = Api.array(send("GET", "/api/admin/job-types", support, null), 200);
            assertThat(types.getValuesAs(JsonObject.class)).filteredOn(t -> t.getString("type").equals("music"))
                    .singleElement().satisfies(t -> assertThat(t.getBoolean("paused")).isTrue());
            assertThat(balance()).as("nothing was held for the refused job").isEqualTo(100);
        } finally {
            json(send("PUT", "/api/admin/job-types/music", admin, "{\"paused\":false}"), 200);
        }
        json(send("POST", "/v1/ai/music", user, MUSIC.formatted(2)), 202);
        assertProblem(send("PUT", "/api/admin/job-types/no_such_type", admin, "{\"paused\":true}"), 404, "job-type-not-found");
        assertProblem(send("PUT", "/api/admin/job-types/music", admin, "{}"), 400, "invalid-request");
        assertProblem(send("PUT", "/api/admin/job-types/music", support, "{\"paused\":true}"), 403, "forbidden");

        assertThat(audited("job-type:music")).extracting(e -> e.getString("action")).containsExactly("job-types.resume", "job-types.pause");
    }

    @Test
    void aRetryIsANewJobLinkedBothWaysThatPaysItsPriceOnceAndIsMadeOnlyOnce() throws Exception {
        String original = json(send("POST", "/v1/ai/music", user, MUSIC.formatted(2)), 202).getString("job_id");
        json(send("POST", "/v1/ai/jobs/" + original + "/cancel", user, null), 200);
        assertThat(balance()).as("the cancel gave the hold back").isEqualTo(100);

        JsonObject retry = json(send("POST", "/api/admin/queue/jobs/" + original + "/retry", admin, null), 201);

        String made = retry.getString("id");
        assertThat(retry.getString("owner")).isEqualTo(account);
        assertThat(retry.getString("type")).isEqualTo("music");
        assertProblem(send("POST", "/api/admin/queue/jobs/" + original + "/retry", admin, null), 409, "job-already-retried");
        JsonObject done = Api.eventually("the retry completes", Duration.ofSeconds(120), () -> {
            JsonObject history = json(send("GET", "/api/admin/queue/jobs/" + made, support, null), 200);
            return history.getJsonObject("job").getString("state").equals("completed") ? history : null;
        });
        assertThat(done.getString("retryOf")).isEqualTo(original);
        assertThat(done.getJsonArray("credits").getValuesAs(JsonObject.class)).extracting(e -> e.getString("kind"))
                .containsExactly("hold", "capture");
        assertThat(done.getJsonArray("versions").getValuesAs(JsonObject.class)).extracting(v -> v.getString("state"))
                .startsWith("pending").endsWith("completed");
        assertThat(done.getJsonObject("input").getInt("price")).isEqualTo(5);
        assertThat(balance()).as("charged once, for the retry").isEqualTo(95);
        JsonObject first = json(send("GET", "/api/admin/queue/jobs/" + original, support, null), 200);
        assertThat(first.getJsonArray("retries").getString(0)).isEqualTo(made);
        assertThat(first.getJsonArray("credits").getValuesAs(JsonObject.class)).extracting(e -> e.getString("kind"))
                .containsExactly("hold", "release");
        assertProblem(send("POST", "/api/admin/queue/jobs/" + made + "/retry", admin, null), 409, "job-not-retriable");
        assertProblem(send("POST", "/api/admin/queue/jobs/" + UUID.randomUUID() + "/retry", admin, null), 404, "job-not-found");
        assertProblem(send("GET", "/api/admin/queue/jobs/" + UUID.randomUUID(), support, null), 404, "job-not-found");
        assertThat(audited("job:" + original)).extracting(e -> e.getString("action")).containsExactly("jobs.retry");
    }

    @Test
    void aRetryIsRefusedWhileItsTypeIsPausedOrItsOwnerCannotPayAndThenNothingIsMade() throws Exception {
        String canceled = canceledMusic();
        json(send("PUT", "/api/admin/job-types/music", admin, "{\"paused\":true}"), 200);
        try {
            assertProblem(send("POST", "/api/admin/queue/jobs/" + canceled + "/retry", admin, null), 503, "job-type-paused");
        } finally {
            json(send("PUT", "/api/admin/job-types/music", admin, "{\"paused\":false}"), 200);
        }
        drainTo(0);

        assertProblem(send("POST", "/api/admin/queue/jobs/" + canceled + "/retry", admin, null), 402, "insufficient-credits");

        assertThat(json(send("GET", "/api/admin/queue/jobs/" + canceled, admin, null), 200).getJsonArray("retries")).isEmpty();
        assertThat(audited("job:" + canceled)).as("refused retries leave no entry").isEmpty();
    }

    @Test
    void aBulkRetryMakesEachJobOfTheFilterOnceSkipsWhatCannotBePaidAndSaysWhy() throws Exception {
        String older = canceledMusic();
        String newer = canceledMusic();
        drainTo(5); // one retry's price

        JsonObject bulk = json(send("POST", "/api/admin/queue/retries", admin, "{\"user\":\"" + account + "\",\"state\":\"canceled\"}"), 200);

        assertThat(bulk.getJsonArray("retried").getValuesAs(JsonObject.class)).extracting(r -> r.getString("original"))
                .containsExactly(newer);
        JsonObject skipped = bulk.getJsonArray("skipped").getJsonObject(0);
        assertThat(skipped.getString("original")).isEqualTo(older);
        assertThat(skipped.getInt("status")).isEqualTo(402);
        assertThat(skipped.getString("type")).endsWith("/insufficient-credits");
        String made = bulk.getJsonArray("retried").getJsonObject(0).getJsonObject("retry").getString("id");
        assertThat(balance()).as("the one retry made holds its price, once").isZero();
        json(send("POST", "/v1/ai/jobs/" + made + "/cancel", user, null), 200); // released again: 5 available

        JsonObject again = json(send("POST", "/api/admin/queue/retries", admin, "{\"user\":\"" + account + "\",\"state\":\"canceled\"}"), 200);

        assertThat(again.getJsonArray("retried").getValuesAs(JsonObject.class)).extracting(r -> r.getString("original"))
                .as("the job retried before is left out; the newest of the others is paid for").containsExactly(made);
        assertThat(again.getJsonArray("skipped").getValuesAs(JsonObject.class)).extracting(r -> r.getString("original"))
                .containsExactly(older);
        assertProblem(send("POST", "/api/admin/queue/retries", admin, "{\"state\":\"completed\"}"), 400, "invalid-request");
    }

    @Test
    void searchFindsAnyonesJobsByUserStateTypeAndIdAndPagesWithACursor() throws Exception {
        String first = json(send("POST", "/v1/ai/music", user, MUSIC.formatted(2)), 202).getString("job_id");
        String second = canceledMusic();

        JsonObject page = json(send("GET", "/api/admin/queue/jobs?limit=1&user=" + account, support, null), 200);
        JsonObject next = json(send("GET", "/api/admin/queue/jobs?limit=1&user=" + account + "&before=" + page.getString("next"), support,
                null), 200);

        assertThat(ids(page)).containsExactly(second);
        assertThat(ids(next)).containsExactly(first);
        assertThat(ids(json(send("GET", "/api/admin/queue/jobs?state=canceled&type=music&user=" + account, support, null), 200)))
                .containsExactly(second);
        assertThat(ids(json(send("GET", "/api/admin/queue/jobs?id=" + first, support, null), 200))).containsExactly(first);
        assertThat(ids(json(send("GET", "/api/admin/queue/jobs?from=2099-01-01T00:00:00Z", support, null), 200))).isEmpty();
        assertProblem(send("GET", "/api/admin/queue/jobs?state=sleeping", support, null), 400, "invalid-request");
        assertProblem(send("GET", "/api/admin/queue/jobs?before=nonsense", support, null), 400, "invalid-request");
    }

    private List<String> ids(JsonObject page) {
        return page.getJsonArray("jobs").getValuesAs(JsonObject.class).stream().map(j -> j.getString("id")).toList();
    }

    /** A music job of the user's, canceled at once: its hold given back. */
    private String canceledMusic() throws Exception {
        String job = json(send("POST", "/v1/ai/music", user, MUSIC.formatted(30)), 202).getString("job_id");
        json(send("POST", "/v1/ai/jobs/" + job + "/cancel", user, null), 200);
        return job;
    }

    /** Leaves the user {@code left} credits available, whatever they had. */
    private void drainTo(long left) throws Exception {
        long available = balance();
        json(send("POST", "/api/admin/credits/adjustments", admin,
                "{\"account\":\"" + account + "\",\"amount\":" + (left - available) + ",\"reason\":\"queue drill\"}"), 201);
    }

    private long balance() throws Exception {
        return json(send("GET", "/api/credits/balance", user, null), 200).getJsonNumber("available").longValue();
    }

    private List<JsonObject> audited(String target) throws Exception {
        return json(send("GET", "/api/admin/audit?target=" + target + "&actor=" + adminName, support, null), 200)
                .getJsonArray("entries").getValuesAs(JsonObject.class);
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
