package io.lokiz.kernel;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.UUID;

/**
 * An RFC 9457 problem as a throwable JAX-RS answer: {@code application/problem+json} with a stable
 * {@code type} ({@link #BASE} + kind), a title, the status, a detail for people, and extension
 * members for programs (e.g. the offending {@code field}, or {@code price} and {@code available}).
 */
public final class Problem {

    public static final String BASE = "https://lokiz.io/problems/";
    private static final java.util.Set<String> STANDARD = java.util.Set.of("type", "title", "status", "detail", "instance");

    private Problem() {
    }

    public static WebApplicationException of(int status, String kind, String title, String detail) {
        return of(status, kind, title, detail, Map.of());
    }

    public static WebApplicationException of(int status, String kind, String title, String detail, Map<String, Object> extensions) {
        return new WebApplicationException(detail, response(status, kind, title, detail, extensions).build());
    }

    /** The problem's response, for callers that add headers (e.g. {@code Retry-After}). */
    public static Response.ResponseBuilder response(int status, String kind, String title, String detail, Map<String, Object> extensions) {
        return Response.status(status).type("application/problem+json").entity(body(status, kind, title, detail, extensions));
    }

    /** The RFC 9457 document itself. */
    public static JsonObject body(int status, String kind, String title, String detail, Map<String, Object> extensions) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", BASE + kind)
                .add("title", title)
                .add("status", status)
                .add("detail", detail);
        extensions.forEach((name, value) -> {
            if (STANDARD.contains(name)) { // RFC 9457's own members keep their meaning (status is the HTTP status)
                throw new IllegalArgumentException("a problem's extension may not be named " + name);
            }
            if (value instanceof Double || value instanceof Float) {
                body.add(name, ((Number) value).doubleValue());
            } else if (value instanceof Number n) {
                body.add(name, n.longValue());
            } else if (value != null) {
                body.add(name, value.toString());
            }
        });
        return body.build();
    }

    /** 400 naming the field the client must fix. */
    public static WebApplicationException invalid(String field, String detail) {
        return of(400, "invalid-request", "Invalid request", detail, Map.of("field", field));
    }

    /** 400 for a URL the guard would not fetch, naming the field it came in and why. */
    public static WebApplicationException urlRefused(String field, String detail) {
        return of(400, "url-refused", "URL refused", detail, Map.of("field", field));
    }

    /** 401 for a request that carries no valid token or ticket. */
    public static WebApplicationException unauthorized() {
        return of(401, "unauthorized", "Unauthorized", "A valid bearer token or ticket is required");
    }

    /**
     * 401 for a webhook whose signature does not verify. Says nothing more: which header was
     * missing or which secret is not configured would teach a forger, not a genuine sender.
     */
    public static WebApplicationException webhookRejected() {
        return of(401, "webhook-rejected", "Webhook rejected", "The webhook signature is invalid");
    }

    /** 413 for a body over an endpoint's limit. */
    public static WebApplicationException tooLarge(String detail) {
        return of(413, "payload-too-large", "Payload too large", detail);
    }

    /** 429 with {@code Retry-After}: the caller may try again after that many seconds. */
    public static WebApplicationException retryLater(String kind, String title, String detail, long retryAfterSeconds,
                                                     Map<String, Object> extensions) {
        return new WebApplicationException(detail, response(429, kind, title, detail, extensions)
                .header("Retry-After", retryAfterSeconds).build());
    }

    /** The id in a path; a malformed one names nothing that exists: 404, like any unknown id. */
    public static UUID idOrNotFound(String what, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw notFound(what, value);
        }
    }

    /** An id the client sent in a body field; a malformed one is the client's mistake: 400 naming the field. */
    public static UUID id(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, field + " is not a valid id: \"" + value + "\"");
        }
    }

    /** 404 for anything missing or not the caller's: the two must look the same. */
    public static WebApplicationException notFound(String what, Object id) {
        return of(404, what + "-not-found", "Not found", "No " + what + " with id " + id);
    }
}
