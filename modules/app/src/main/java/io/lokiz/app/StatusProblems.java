package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.json.JsonObject;

import java.util.Map;

/**
 * The problem each bare HTTP status stands for, when nothing more specific was said: the JAX-RS
 * mapper and the container's error page answer the same {@code type} for the same status.
 */
final class StatusProblems {

    private record Kind(String type, String title, String detail) {
    }

    private static final Map<Integer, Kind> KINDS = Map.ofEntries(
            Map.entry(400, new Kind("invalid-request", "Invalid request", "The request is not valid")),
            Map.entry(401, new Kind("unauthorized", "Unauthorized", "A valid bearer token is required")),
            Map.entry(403, new Kind("forbidden", "Forbidden", "This needs a role you do not have")),
            Map.entry(404, new Kind("not-found", "Not found", "There is nothing at this address")),
            Map.entry(405, new Kind("method-not-allowed", "Method not allowed", "This address does not take that method")),
            Map.entry(406, new Kind("not-acceptable", "Not acceptable", "No representation matches the Accept header")),
            Map.entry(408, new Kind("request-timeout", "Request timeout", "The request took too long to arrive")),
            Map.entry(413, new Kind("payload-too-large", "Payload too large", "The request body is too large")),
            Map.entry(414, new Kind("uri-too-long", "URI too long", "The request URI is too long")),
            Map.entry(415, new Kind("unsupported-media-type", "Unsupported media type", "This address does not take that Content-Type")),
            Map.entry(431, new Kind("headers-too-large", "Request headers too large", "The request headers are too large")),
            Map.entry(500, new Kind("internal-error", "Internal error", "Something went wrong on our side")),
            Map.entry(501, new Kind("not-implemented", "Not implemented", "This server does not support that method")),
            Map.entry(503, new Kind("unavailable", "Service unavailable", "The service is not available; try again shortly")));

    private StatusProblems() {
    }

    /** The problem document for {@code status}; {@code detail} replaces the generic one when given. */
    static JsonObject body(int status, String detail) {
        Kind kind = KINDS.getOrDefault(status, new Kind("http-" + status, "HTTP " + status, "HTTP " + status));
        return Problem.body(status, kind.type(), kind.title(), detail == null ? kind.detail() : detail, Map.of());
    }
}
