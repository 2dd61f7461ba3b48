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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail over HTTP: every admin action appends one entry naming who did what to which target, the values
 * before and after, the request id and the Idempotency-Key; a refused action appends nothing; support reads the trail,
 * pages it and exports it as CSV.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class AuditIT {

    static final String API = LibertyTestServer.BASE_URL;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String adminName = "auditor-" + UUID.randomUUID();
    final String admin = LibertyTestServer.token(adminName, "admin");
    final String support = LibertyTestServer.token("support-" + UUID.randomUUID(), "support");
    final String account = "audited-" + UUID.randomUUID();
    final String user = LibertyTestServer.token(account, "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void aGrantIsOneEntryWithTheBalanceBeforeAndAfterItsRequestIdAndItsKeyHoweverOftenItIsSent() throws Exception {
        String grant = "{\"account\":\"" + account + "\",\"amount\":50,\"reason\":\"launch bonus\"}";
        HttpResponse<String> first = send(request("POST", "/api/admin/credits/grants", admin, grant)
                .header("Idempotency-Key", "bonus-1").header("X-Request-Id", "req-" + account).build());
        long entry = json(first, 201).getJsonNumber("id").longValue();
        assertThat(first.headers().firstValue("X-Request-Id")).as("the answer names its request").hasValue("req-" + account);
        json(send(request("POST", "/api/admin/credits/grants", admin, grant).header("Idempotency-Key", "bonus-1").build()), 201);

        List<JsonObject> trail = entries("target=account:" + account + "&action=credits.grant");

        assertThat(trail).as("a repetition under the key changed nothing and adds nothing").hasSize(1);
        JsonObject granted = trail.get(0);
        assertThat(granted.getString("actor")).isEqualTo(adminName);
        assertThat(granted.getString("requestId")).isEqualTo("req-" + account);
        assertThat(granted.getString("idempotencyKey")).isEqualTo("bonus-1");
        assertThat(Instant.parse(granted.getString("at"))).isBetween(Instant.now().minusSeconds(60), Instant.now());
        long before = granted.getJsonObject("before").getJsonObject("balance").getJsonNumber("available").longValue();
        JsonObject after = granted.getJsonObject("after");
        assertThat(after.getJsonObject("balance").getJsonNumber("available").longValue()).isEqualTo(before + 50);
        assertThat(after.getJsonObject("entry").getJsonNumber("id").longValue()).isEqualTo(entry);
        assertThat(after.getJsonObject("entry").getString("reason")).isEqualTo("launch bonus");
    }

    @Test
    void aRefusedChangeLeavesNoEntryAndReadingALedgerLeavesOne() throws Exception {
        json(send(request("GET", "/api/credits/balance", user, null).build()), 200); // the welcome grant
        assertProblem(send(request("POST", "/api/admin/credits/adjustments", admin,
                "{\"account\":\"" + account + "\",\"amount\":-1000000,\"reason\":\"more than there is\"}").build()), 400, "invalid-request");
        assertProblem(send(request("POST", "/api/admin/credits/adjustments", support,
                "{\"account\":\"" + account + "\",\"amount\":-1,\"reason\":\"support may not\"}").build()), 403, "forbidden");
        json(send(request("POST", "/api/admin/credits/adjustments", admin,
                "{\"account\":\"" + account + "\",\"amount\":-30,\"reason\":\"refund clawed back\"}").build()), 201);
        json(send(request("GET", "/api/admin/credits/accounts/" + account, support, null).build()), 200);

        List<JsonObject> trail = entries("target=account:" + account);

        assertThat(trail).extracting(e -> e.getString("action")).containsExactly("credits.ledger.read", "credits.adjust");
        assertThat(trail.get(0).getString("actor")).as("support's reads are audited as support's").startsWith("support-");
        assertThat(trail.get(0).containsKey("before")).isFalse();
        JsonObject adjusted = trail.get(1);
        assertThat(adjusted.getJsonObject("after").getJsonObject("entry").getJsonNumber("availableDelta").longValue()).isEqualTo(-30);
        assertThat(adjusted.getJsonObject("before").getJsonObject("balance").getJsonNumber("available").longValue()
                - adjusted.getJsonObject("after").getJsonObject("balance").getJsonNumber("available").longValue()).isEqualTo(30);
    }

    @Test
    void pricesTemplatesTheLabelAndTheBrandEachLeaveTheirValuesBeforeAndAfter() throws Exception {
        int price = json(send(request("GET", "/api/admin/prices", admin, null).build()), 200).getInt("music");
        json(send(request("PUT", "/api/admin/prices", admin, "{\"music\":" + (price + 1) + "}").build()), 200);
        json(send(request("PUT", "/api/admin/prices", admin, "{\"music\":" + price + "}").build()), 200);
        String template = "audit_" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"name\":\"Drift\",\"default_prompt\":\"slow drift\",\"motion\":\"SWAY\",\"enabled\":%s}";
        json(send(request("PUT", "/api/admin/templates/" + template, admin, body.formatted("true")).build()), 201);
        json(send(request("PUT", "/api/admin/templates/" + template, admin, body.formatted("false")).build()), 200);
        JsonObject label = json(send(request("GET", "/api/admin/provenance", admin, null).build()), 200);
        json(send(request("PUT", "/api/admin/provenance", admin, "{\"visibleLabel\":" + !label.getBoolean("visibleLabel") + "}").build()), 200);
        json(send(request("PUT", "/api/admin/provenance", admin, "{\"visibleLabel\":" + label.getBoolean("visibleLabel") + "}").build()), 200);
        String preview = json(send(HttpRequest.newBuilder(URI.create(API + "/api/admin/branding/watermark")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(Api.photo(120, 48))).build()), 200)
                .getString("previewUrl");
        json(send(request("PUT", "/api/admin/branding/watermark", admin, "{\"enabled\":false}").build()), 200);
        assertThat(send(HttpRequest.newBuilder(URI.create(preview.startsWith("http") ? preview : API + preview)).build()).statusCode()).isEqualTo(200);
        Api.status(send(request("DELETE", "/api/admin/branding/watermark", admin, null).build()), 204);
        assertThat(send(HttpRequest.newBuilder(URI.create(preview.startsWith("http") ? preview : API + preview)).build()).statusCode())
                .as("the file goes with the committed delete").isEqualTo(404);

        List<JsonObject> mine = entries("actor=" + adminName);

        assertThat(mine).extracting(e -> e.getString("action") + " " + e.getString("target")).containsExactly(
                "branding.delete branding:watermark", "branding.switch branding:watermark", "branding.upload branding:watermark",
                "provenance.label.change visible-label", "provenance.label.change visible-label",
                "templates.put template:" + template, "templates.put template:" + template,
                "prices.change prices", "prices.change prices");
        assertThat(mine.get(8).getJsonObject("before").getInt("music")).isEqualTo(price);
        assertThat(mine.get(8).getJsonObject("after").getInt("music")).isEqualTo(price + 1);
        assertThat(mine.get(6).containsKey("before")).as("the template was made").isFalse();
        assertThat(mine.get(5).getJsonObject("before").getBoolean("enabled")).isTrue();
        assertThat(mine.get(5).getJsonObject("after").getBoolean("enabled")).isFalse();
        assertThat(mine.get(4).getJsonObject("after").getBoolean("visibleLabel")).isNotEqualTo(label.getBoolean("visibleLabel"));
        assertThat(mine.get(1).getJsonObject("before").getBoolean("enabled")).isTrue();
        assertThat(mine.get(1).getJsonObject("after").getBoolean("enabled")).isFalse();
        assertThat(mine.get(0).containsKey("after")).as("the watermark is gone").isFalse();
        assertThat(mine).allMatch(e -> e.getString("requestId").length() == 36, "requests without an id of their own get a new one");
    }

    @Test
    void aCancelAndEveryWebhookChangeAreEntriesAndNoSecretEverIs() throws Exception {
        String job = json(send(request("POST", "/v1/ai/music", user, "{\"prompt\":\"audit me\",\"duration\":30}").build()), 202)
                .getString("job_id");
        JsonObject canceled = json(send(request("POST", "/api/admin/queue/jobs/" + job + "/cancel", admin, null).build()), 200);
        JsonObject made = json(send(request("POST", "/api/admin/webhooks/endpoints", admin,
                "{\"url\":\"http://localhost:1/audit\",\"events\":[\"provider.budget_exhausted\"]}").build()), 201);
        String endpoint = "/api/admin/webhooks/endpoints/" + made.getString("id");
        json(send(request("PATCH", endpoint, admin, "{\"description\":\"audited\"}").build()), 200);
        String rotated = json(send(request("POST", endpoint + "/rotate-secret", admin, null).build()), 200).getString("secret");
        String message = json(send(request("POST", endpoint + "/test", admin, "{}").build()), 202).getJsonArray("messages").getString(0);
        Api.status(send(request("POST", endpoint + "/deliveries/" + message + "/replay", admin, null).build()), 202);
        json(send(request("POST", endpoint + "/replay", admin, "{\"since\":\"2026-01-01T00:00:00Z\"}").build()), 202);
        Api.status(send(request("DELETE", endpoint, admin, null).build()), 204);

        List<JsonObject> mine = entries("actor=" + adminName);

        assertThat(mine).extracting(e -> e.getString("action")).containsExactly("webhooks.endpoint.delete", "webhooks.replay-failed",
                "webhooks.replay", "webhooks.test", "webhooks.secret.rotate", "webhooks.endpoint.update", "webhooks.endpoint.create",
                "jobs.cancel");
        assertThat(mine.get(2).getJsonObject("after").getJsonArray("messages").getString(0)).isEqualTo(message);
        assertThat(mine.get(1).getJsonObject("after").getString("since")).isEqualTo("2026-01-01T00:00:00Z");
        JsonObject cancel = mine.get(7);
        assertThat(cancel.getString("target")).isEqualTo("job:" + job);
        assertThat(cancel.getJsonObject("before").getString("owner")).isEqualTo(account);
        assertThat(cancel.getJsonObject("after").getString("state")).isEqualTo(canceled.getString("state"));
        assertThat(mine.get(5).getJsonObject("before").getString("description")).isEmpty();
        assertThat(mine.get(5).getJsonObject("after").getString("description")).isEqualTo("audited");
        assertThat(mine.get(4).getJsonObject("after").containsKey("previousSecretExpiresAt")).isTrue();
        assertThat(mine.get(3).getJsonObject("after").getJsonArray("messages")).hasSize(1);
        assertThat(mine.toString()).doesNotContain(made.getString("secret")).doesNotContain(rotated).doesNotContain("whsec_");
    }

    @Test
    void supportPagesTheTrailWithACursorFiltersByTimeAndExportsItAsCsv() throws Exception {
        for (int i = 1; i <= 3; i++) { // keys are the client's: one a spreadsheet would take for a formula
            json(send(request("POST", "/api/admin/credits/grants", admin, "{\"account\":\"" + account + "\",\"amount\":" + i + "}")
                    .header("Idempotency-Key", "=SUM(" + i + ")").build()), 201);
        }
        String mine = "actor=" + adminName;

        JsonObject first = json(send(request("GET", "/api/admin/audit?limit=2&" + mine, support, null).build()), 200);
        JsonObject second = json(send(request("GET", "/api/admin/audit?limit=2&" + mine + "&before=" + first.getJsonNumber("next"), support,
                null).build()), 200);

        assertThat(amounts(first.getJsonArray("entries"))).containsExactly(3L, 2L);
        assertThat(amounts(second.getJsonArray("entries"))).containsExactly(1L);
        assertThat(second.containsKey("next")).as("the last page").isFalse();
        String future = URLEncoder.encode(Instant.now().plusSeconds(3600).toString(), StandardCharsets.UTF_8);
        assertThat(entries(mine + "&from=" + future)).isEmpty();
        assertThat(entries(mine + "&to=" + future + "&action=credits.*")).hasSize(3);
        assertProblem(send(request("GET", "/api/admin/audit?from=yesterday", support, null).build()), 400, "invalid-request");
        assertProblem(send(request("GET", "/api/admin/audit?limit=201", support, null).build()), 400, "invalid-request");

        HttpResponse<String> csv = Api.status(send(request("GET", "/api/admin/audit/export?" + mine, support, null).build()), 200);

        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("attachment"));
        String[] rows = csv.body().split("\r\n");
        assertThat(rows).hasSize(4);
        assertThat(rows[0]).isEqualTo("id,at,actor,action,target,before,after,request_id,idempotency_key");
        assertThat(rows[1]).contains("," + adminName + ",credits.grant,account:" + account + ",")
                .as("a key a spreadsheet would run stays text").endsWith(",'=SUM(3)");
        assertProblem(send(request("GET", "/api/admin/audit/export?to=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00Z", support, null)
                .build()), 400, "invalid-request");
    }

    private List<Long> amounts(JsonArray entries) {
        return entries.getValuesAs(JsonObject.class).stream()
                .map(e -> e.getJsonObject("after").getJsonObject("entry").getJsonNumber("amount").longValue()).toList();
    }

    /** Every entry the filter finds, newest first, read as support through every page. */
    private List<JsonObject> entries(String filter) throws Exception {
        List<JsonObject> all = new ArrayList<>();
        String cursor = "";
        while (true) {
            JsonObject page = json(send(request("GET", "/api/admin/audit?limit=200&" + filter + cursor, support, null).build()), 200);
            all.addAll(page.getJsonArray("entries").getValuesAs(JsonObject.class));
            if (!page.containsKey("next")) {
                return all;
            }
            cursor = "&before=" + page.getJsonNumber("next");
        }
    }

    private HttpRequest.Builder request(String method, String path, String token, String json) {
        var request = HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        if (json == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
