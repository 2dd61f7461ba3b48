package io.lokiz.kernel;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters as the admin searches read them: blank means absent, a bad one is a 400 naming it. */
public final class QueryParams {

    private QueryParams() {
    }

    /** The value trimmed, or null when absent or blank. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** An ISO-8601 instant, or null when absent. */
    public static Instant instant(String name, String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.invalid(name, name + " is a time in ISO-8601 with its zone, e.g. 2026-12-08T09:30:00Z");
        }
    }

    /** A span of time, when both ends are given, ends after it starts: {@code to} is named when it does not. */
    public static void requireOrder(Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw Problem.invalid("to", "to must come after from");
        }
    }

    /** A page size: {@code fallback} when absent, else 1 to {@code max}. */
    public static int limit(Integer limit, int fallback, int max) {
        int size = limit == null ? fallback : limit;
        if (size < 1 || size > max) {
            throw Problem.invalid("limit", "limit must be from 1 to " + max + ", not " + size);
        }
        return size;
    }
}
