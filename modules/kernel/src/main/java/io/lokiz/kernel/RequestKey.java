package io.lokiz.kernel;

import jakarta.ws.rs.WebApplicationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A client's {@code Idempotency-Key} and the fingerprint of what was asked under it. Every POST
 * that takes one behaves alike: the same key with the same request answers what the first
 * answered; the same key with another request is refused ({@link Reused}, a 422).
 */
public record RequestKey(String key, String fingerprint) {

    public static final String HEADER = "Idempotency-Key";

    /** Printable ASCII, as header values should be; 200 characters leave room for any UUID scheme. */
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,199}");

    /**
     * The key sent in the header, with a SHA-256 fingerprint of the request's meaning (not its
     * bytes: the same fields in another order are the same request); null when no key was sent.
     */
    public static RequestKey of(String header, String request) {
        if (header == null) {
            return null;
        }
        if (!VALID.matcher(header).matches()) {
            throw Problem.invalid(HEADER, HEADER + " must be 1 to 200 printable ASCII characters");
        }
        return new RequestKey(header, sha256(request));
    }

    /** The same key in a namespace (e.g. the caller's), for stores whose keys are global. */
    public RequestKey within(String namespace) {
        return new RequestKey(namespace + ":" + key, fingerprint);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key was used before for a different request. */
    public static final class Reused extends RuntimeException {

        public Reused() {
            super("This " + HEADER + " was used before for a different request; send a new key with a new request");
        }

        public WebApplicationException problem() {
            return Problem.of(422, "idempotency-key-reused", "Idempotency key reused", getMessage(), Map.of("field", HEADER));
        }
    }
}
