package io.lokiz.app;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checker every integration test's answers pass: it finds the operation, and refuses what the contract does not say. */
class ContractTest {

    static final String JOB = "/v1/ai/jobs/4f1c2a9e-7b7d-4c38-9a51-2c2f4d8e6b10";

    @Test
    void findsTheOperationARequestReached() {
        assertThat(Contract.get().route("GET", URI.create("http://h" + JOB)).map(Contract.Route::operationId)).hasValue("getAiJob");
        assertThat(Contract.get().route("GET", URI.create("http://h/api/video/status/4f1c2a9e-7b7d-4c38-9a51-2c2f4d8e6b10"))
                .map(Contract.Route::operationId)).hasValue("getVideoJob");
        assertThat(Contract.get().route("GET", URI.create("http://h/media/t/abc/videos/1/stream_0.m3u8"))
                .map(Contract.Route::operationId)).hasValue("getMedia");
        assertThat(Contract.get().route("GET", URI.create("http://h/health/ready"))).isEmpty();
    }

    @Test
    void takesAnAnswerTheContractLists() {
        assertThatCode(() -> Contract.check(answer(404, "application/problem+json",
                "{\"type\":\"https://lokiz.io/problems/job-not-found\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No job\"}")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAStatusTheOperationDoesNotList() {
        assertThatThrownBy(() -> Contract.check(answer(409, "application/problem+json", "{}")))
                .hasMessageContaining("getAiJob").hasMessageContaining("does not list");
    }

    @Test
    void refusesABodyTheSchemaDoesNot() {
        // a problem without its detail, and a job whose status is no state of ours
        assertThatThrownBy(() -> Contract.check(answer(404, "application/problem+json", "{\"type\":\"x\",\"title\":\"t\",\"status\":404}")))
                .hasMessageContaining("detail");
        assertThatThrownBy(() -> Contract.check(answer(200, "application/json", """
                {"id":"4f1c2a9e-7b7d-4c38-9a51-2c2f4d8e6b10","user_id":"u","job_type":"music","status":"sleeping","progress":0,
                 "input_data":{},"credits_used":0,"credits_reserved":5,"created_at":"2026-12-02T10:00:00Z","updated_at":"2026-12-02T10:00:00Z"}
                """))).hasMessageContaining("status");
    }

    private static HttpResponse<String> answer(int status, String type, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost" + JOB)).GET().build();
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of(type)), (a, b) -> true);
        return new HttpResponse<>() {
            public int statusCode() {
                return status;
            }

            public HttpRequest request() {
                return request;
            }

            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            public HttpHeaders headers() {
                return headers;
            }

            public String body() {
                return body;
            }

            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return request.uri();
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
