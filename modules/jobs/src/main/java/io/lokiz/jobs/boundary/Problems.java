package io.lokiz.jobs.boundary;

import io.lokiz.kernel.Problem;
import jakarta.ws.rs.WebApplicationException;

import java.util.Map;

/** The problems this module answers with; each {@code type} is stable for clients to match on. */
final class Problems {

    private Problems() {
    }

    static WebApplicationException invalid(String field, String detail) {
        return Problem.invalid(field, detail);
    }

    static WebApplicationException notFound(String what, Object id) {
        return Problem.notFound(what, id);
    }

    static WebApplicationException unsupportedImage(String detail) {
        return Problem.of(415, "unsupported-image-type", "Unsupported image type", detail);
    }

    static WebApplicationException imageTooLarge(long limit) {
        return Problem.of(413, "image-too-large", "Image too large", "Images may be at most " + limit / (1024 * 1024) + " MB");
    }

    static WebApplicationException urlRefused(String field, String detail) {
        return Problem.of(400, "url-refused", "URL refused", detail, Map.of("field", field));
    }

    static WebApplicationException webhookRejected(String detail) {
        return Problem.of(401, "webhook-rejected", "Webhook rejected", detail);
    }

    static WebApplicationException tooLarge(String detail) {
        return Problem.of(413, "payload-too-large", "Payload too large", detail);
    }

    static WebApplicationException unauthorized() {
        return Problem.of(401, "unauthorized", "Unauthorized", "A valid bearer token or ticket is required");
    }

    static WebApplicationException insufficientCredits(long price, long available) {
        return Problem.of(402, "insufficient-credits", "Insufficient credits",
                "This job costs " + price + " credits and " + available + " are available",
                Map.of("price", price, "available", available));
    }

    static WebApplicationException keyReused(String detail) {
        return Problem.of(422, "idempotency-key-reused", "Idempotency key reused", detail, Map.of("field", "Idempotency-Key"));
    }

    static WebApplicationException queueFull(int depth, int retryAfterSeconds) {
        return new WebApplicationException(Problem.response(429, "queue-full", "Queue full",
                        "The queue is full (" + depth + " jobs waiting or running); retry after " + retryAfterSeconds + " s",
                        Map.of("queueDepth", depth, "retryAfter", retryAfterSeconds))
                .header("Retry-After", retryAfterSeconds).build());
    }

    static WebApplicationException rateLimited(long retryAfterSeconds, int limit) {
        return new WebApplicationException(Problem.response(429, "rate-limited", "Too many requests",
                        "At most " + limit + " new jobs a minute; retry after " + retryAfterSeconds + " s", Map.of())
                .header("Retry-After", retryAfterSeconds).build());
    }
}
