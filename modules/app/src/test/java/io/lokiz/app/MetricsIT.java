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
import java.time.Instant;
import java.util.List;

import static io.lokiz.app.Api.json;
import static io.lokiz.app.Api.photo;
import static org.assertj.core.api.Assertions.assertThat;

/** What an operator's Prometheus scrapes at {@code /metrics} once a job went through. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class MetricsIT {

    static final String API = LibertyTestServer.BASE_URL;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String token = LibertyTestServer.token("measured", "user");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void showsJobsStepsEncodingCreditsStreamsAndRequestsInPrometheusFormat() throws Exception {
        String image = json(send(HttpRequest.newBuilder(URI.create(API + "/api/images")).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(photo(720, 1280)))), 201).getString("id");
        String job = json(send(HttpRequest.newBuilder(URI.create(API + "/api/video/generate")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tryonImageId\":\"" + image + "\",\"settings\":{\"duration\":3}}"))), 202)
                .getString("jobId");
        send(HttpRequest.newBuilder(URI.create(API + "/api/video/status/" + job + "/events")).timeout(Duration.ofSeconds(90)));
        Instant deadline = Instant.now().plusSeconds(90);
        JsonObject status = json(send(HttpRequest.newBuilder(URI.create(API + "/api/video/status/" + job))), 200);
        while (!status.getString("status").equals("completed") && Instant.now().isBefore(deadline)) {
            status = json(send(HttpRequest.newBuilder(URI.create(API + "/api/video/status/" + job))), 200);
        }

        HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(URI.create(API + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(scraped.statusCode()).as("scraped without a token").isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        List<String> lines = scraped.body().lines().filter(l -> !l.startsWith("#")).toList();
        for (String metric : List.of("lokiz_jobs{", "lokiz_jobs_active", "lokiz_jobs_active_limit", "lokiz_jobs_queued_limit",
                "lokiz_jobs_ended_total{", "lokiz_job_step_seconds_count{", "lokiz_encode_seconds_count{", "lokiz_credits_total{",
                "lokiz_sse_subscribers", "REST_request_seconds_count{")) {
            assertThat(lines).as(metric + " in\n" + scraped.body()).anyMatch(l -> l.startsWith(metric));
        }
        assertThat(lines).anyMatch(l -> l.startsWith("lokiz_jobs_ended_total{") && l.contains("state=\"completed\"") && l.contains("type=\"video_preview\""));
        assertThat(lines).anyMatch(l -> l.startsWith("lokiz_job_step_seconds_count{") && l.contains("step=\"encode\""));
        assertThat(lines).anyMatch(l -> l.startsWith("lokiz_credits_total{") && l.contains("movement=\"captured\""));
        assertThat(lines).filteredOn(l -> l.startsWith("lokiz_jobs_active_limit")).singleElement().satisfies(l -> assertThat(l).endsWith(" 10.0"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
