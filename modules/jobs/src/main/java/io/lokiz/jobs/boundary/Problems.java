package io.lokiz.jobs.boundary;

import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problems this module answers with; each {@code type} is stable for clients to match on. */
final class Problems {

    static final String BASE = "https://lokiz.io/problems/";

    private Problems() {
    }

    static WebApplicationException invalid(String field, String detail) {
        return problem(400, "invalid-request", "Invalid request", detail, field);
    }

    static WebApplicationException notFound(String what, Object id) {
        return problem(404, what + "-not-found", "Not found", "No " + what + " with id " + id, null);
    }

    static WebApplicationException urlRefused(String field, String detail) {
        return problem(400, "url-refused", "URL refused", detail, field);
    }

    static WebApplicationException webhookRejected(String detail) {
        return problem(401, "webhook-rejected", "Webhook rejected", detail, null);
    }

    static WebApplicationException tooLarge(String detail) {
        return problem(413, "payload-too-large", "Payload too large", detail, null);
    }

    static WebApplicationException rateLimited(long retryAfterSeconds, int limit) {
        var problem = problem(429, "rate-limited", "Too many requests",
                "At most " + limit + " new jobs a minute; retry after " + retryAfterSeconds + " s", null);
        return new WebApplicationException(problem.getMessage(), Response.fromResponse(problem.getResponse())
                .header("Retry-After", retryAfterSeconds).build());
    }

    static WebApplicationException unauthorized() {
        return problem(401, "unauthorized", "Unauthorized", "A valid bearer token or ticket is required", null);
    }

    static WebApplicationException unsupportedImage(String detail) {
        return problem(415, "unsupported-image-type", "Unsupported image type", detail, null);
    }

    static WebApplicationException imageTooLarge(long limit) {
        return problem(413, "image-too-large", "Image too large",
                "Images may be at most " + limit / (1024 * 1024) + " MB", null);
    }

    private static WebApplicationException problem(int status, String type, String title, String detail, String field) {
        var body = Json.createObjectBuilder()
                .add("type", BASE + type)
                .add("title", title)
                .add("status", status)
                .add("detail", detail);
        if (field != null) {
            body.add("field", field);
        }
        return new WebApplicationException(detail,
                Response.status(status).type("application/problem+json").entity(body.build()).build());
    }
}
