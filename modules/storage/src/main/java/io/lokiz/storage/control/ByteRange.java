package io.lokiz.storage.control;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a resource (RFC 9110 §14), inclusive at both ends. Browsers seek in
 * video with single ranges; a multi-range request is answered with the whole resource, which the
 * RFC allows.
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** What a Range header asks of a resource of the given size. */
    public sealed interface Request permits Whole, Part, Unsatisfiable {
    }

    /** No usable Range header: send everything. */
    public record Whole() implements Request {
    }

    /** Send this part with 206. */
    public record Part(ByteRange range) implements Request {
    }

    /** The range lies outside the resource: 416. */
    public record Unsatisfiable() implements Request {
    }

    public long length() {
        return last - first + 1;
    }

    /** The Content-Range value for a resource of the given size. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** Interprets a Range header against a resource of the given size. */
    public static Request parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        var m = SINGLE.matcher(header.trim());
        if (!m.matches()) {
            return new Whole(); // unknown unit or several ranges: ignoring Range is always allowed
        }
        Optional<Long> start = number(m.group(1));
        Optional<Long> end = number(m.group(2));
        if (start.isEmpty() && end.isEmpty()) {
            return new Whole();
        }
        if (start.isEmpty()) { // suffix: the last n bytes
            long n = end.get();
            return n == 0 || size == 0 ? new Unsatisfiable() : new Part(new ByteRange(Math.max(0, size - n), size - 1));
        }
        long first = start.get();
        if (first >= size) {
            return new Unsatisfiable();
        }
        long last = end.map(e -> Math.min(e, size - 1)).orElse(size - 1);
        return last < first ? new Whole() : new Part(new ByteRange(first, last));
    }

    private static Optional<Long> number(String digits) {
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(digits));
        } catch (NumberFormatException tooLong) {
            return Optional.of(Long.MAX_VALUE);
        }
    }
}
