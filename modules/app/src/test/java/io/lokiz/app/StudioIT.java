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
import java.time.Duration;

import static io.lokiz.app.Api.assertProblem;
import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The studio as the server hands it out: its pages under a policy strict enough for pages yet
 * theirs (not the API's), the player's library from its WebJar, and the embedded defaults'
 * sign-in, whose tokens open the API like README's command's.
 */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class StudioIT {

    static final String BASE = LibertyTestServer.BASE_URL;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void servesTheStudioUnderAPolicyOfItsOwn() throws Exception {
        var page = get("/", null);

        Api.status(page, 200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Lokiz studio</title>", "/studio/studio.js", "/studio/hls.min.js");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "media-src 'self' blob:",
                "connect-src 'self'", "worker-src blob:", "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().allValues("Content-Security-Policy")).hasSize(1);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        var console = get("/admin", null);
        Api.status(console, 200);
        assertThat(console.body()).contains("<title>Lokiz admin console</title>", "/studio/admin.js");
        assertThat(console.headers().firstValue("Content-Security-Policy")).hasValue(policy);

        for (String asset : new String[]{"/studio/studio.js", "/studio/common.js", "/studio/admin.js", "/studio/studio.css", "/studio/hls.min.js"}) {
            var answer = get(asset, null);
            assertThat(answer.statusCode()).as(asset).isEqualTo(200);
            assertThat(answer.body()).as(asset).isNotBlank();
        }
        assertThat(get("/studio/hls.min.js", null).headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertProblem(get("/studio/missing.js", null), 404, "file-not-found");
        assertProblem(get("/studio/Studio.JS", null), 404, "file-not-found");
        assertThat(get("/studio/..%2FWEB-INF%2Fweb.xml", null).statusCode()).as("a way out of the folder").isIn(400, 404);
    }

    @Test
    void signsInOnTheEmbeddedIdentityWithTheSameTokensAsReadmesCommand() throws Exception {
        assertThat(json(get("/api/dev/sign-in", null), 200).getBoolean("available")).isTrue();
        assertProblem(get("/api/sign-in/provider", null), 404, "not-found"); // no provider to send the studio to
        JsonObject methods = json(get("/api/sign-in", null), 200);
        assertThat(methods.getBoolean("embedded")).isTrue();
        assertThat(methods.containsKey("provider")).as("no provider").isFalse();
        assertProblem(http.send(HttpRequest.newBuilder(URI.create(BASE + "/api/sign-in")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString()),
                406, "not-acceptable");

        JsonObject session = json(post("/api/dev/sign-in", "{\"name\":\"studio-visitor\"}"), 200);

        assertThat(session.getString("subject")).isEqualTo("studio-visitor");
        assertThat(session.getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString)).containsExactly("user");
        String token = session.getString("token");
        assertThat(json(get("/api/credits/balance", token), 200).getInt("available")).isEqualTo(100);
        assertThat(json(get("/api/credits/prices", token), 200).getInt("video_preview")).isPositive();
        assertProblem(get("/api/admin/prices", token), 403, "forbidden");

        // An admin only from this machine: the tests' requests come from loopback.
        String admin = json(post("/api/dev/sign-in", "{\"name\":\"studio-admin\",\"admin\":true}"), 200).getString("token");
        Api.status(get("/api/admin/prices", admin), 200);
        String support = json(post("/api/dev/sign-in", "{\"name\":\"studio-support\",\"support\":true}"), 200).getString("token");
        Api.status(get("/api/admin/prices", support), 200);

        assertProblem(post("/api/dev/sign-in", "{\"name\":\"\"}"), 400, "invalid-request");
        assertProblem(post("/api/dev/sign-in", "{\"name\":\"a b\"}"), 400, "invalid-request");
        assertProblem(post("/api/dev/sign-in", "{\"name\":\"" + "x".repeat(65) + "\"}"), 400, "invalid-request");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(BASE + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
