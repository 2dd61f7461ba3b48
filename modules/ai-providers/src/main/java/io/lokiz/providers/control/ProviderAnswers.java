package io.lokiz.providers.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * How every provider's HTTP answer is read: a 2xx body as JSON; 429 as {@link ProviderThrottled}
 * (its {@code Retry-After} in seconds or as an HTTP date); 5xx and connection failures as
 * {@link ProviderUnavailable}; any other status as {@link ProviderRefused} with the provider's
 * own words ({@code detail}, else {@code error}, else the status).
 */
final class ProviderAnswers {

    /** The wait when a 429 names none (Replicate's throttling message speaks of ~30 s). */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
    private static final int MAX_DETAIL = 300;

    private ProviderAnswers() {
    }

    /** Makes the call and reads its answer. */
    static JsonObject read(String provider, Supplier<Response> call, Clock clock) {
        Response response;
        try {
            response = call.get();
        } catch (ProcessingException e) {
            throw new ProviderUnavailable(provider + " unreachable: " + e.getMessage(), e);
        }
        try (response) {
            int status = response.getStatus();
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            JsonObject json = parse(body);
            if (status / 100 == 2) {
                return json;
            }
            String detail = detail(json, status);
            if (status == 429) {
                throw new ProviderThrottled(provider + " throttled us: " + detail, retryAfter(response.getHeaderString("Retry-After"), clock));
            }
            if (status >= 500) {
                throw new ProviderUnavailable(provider + " answered " + status + ": " + detail, null);
            }
            throw new ProviderRefused(status, detail);
        } catch (ProcessingException e) {
            throw new ProviderUnavailable(provider + " answer unreadable: " + e.getMessage(), e);
        }
    }

    /** RFC 9110 §10.2.3: a number of seconds or an HTTP date; anything else, or nothing, the default. */
    static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        String value = header.strip();
        try {
            return Duration.ofSeconds(Math.max(1, Math.min(3600, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() || until.isZero() ? Duration.ofSeconds(1) : until.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : until;
            } catch (DateTimeParseException notADate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    /** The provider's words: {@code detail} (a string, or fal's list of {@code msg}), else {@code error}, else the status. */
    static String detail(JsonObject json, int status) {
        String detail;
        JsonValue d = json.get("detail");
        if (d != null && d.getValueType() == JsonValue.ValueType.STRING) {
            detail = json.getString("detail");
        } else if (d != null && d.getValueType() == JsonValue.ValueType.ARRAY) {
            var words = new StringBuilder();
            for (JsonValue item : d.asJsonArray()) {
                String msg = item.getValueType() == JsonValue.ValueType.OBJECT ? item.asJsonObject().getString("msg", item.toString()) : item.toString();
                words.append(words.isEmpty() ? "" : "; ").append(msg);
            }
            detail = words.toString();
        } else if (json.get("error") != null && json.get("error").getValueType() == JsonValue.ValueType.STRING) {
            detail = json.getString("error");
        } else {
            detail = "HTTP " + status;
        }
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail;
    }

    static JsonObject parse(String body) {
        try {
            return body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : Json.createReader(new StringReader(body)).readObject();
        } catch (JsonException | IllegalStateException e) {
            return JsonValue.EMPTY_JSON_OBJECT; // not JSON (a proxy's error page, say): the status code speaks
        }
    }
}
