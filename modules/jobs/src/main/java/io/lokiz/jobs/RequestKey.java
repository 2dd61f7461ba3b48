package io.lokiz.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A client's idempotency key and the fingerprint of what was asked under it. */
public record RequestKey(String key, String fingerprint) {

    /** The key with a SHA-256 fingerprint of the request's meaning (not its bytes). */
    public static RequestKey of(String key, String request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return new RequestKey(key, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key was used before for a different request. */
    public static final class Reused extends RuntimeException {
        public Reused(String key) {
            super("Idempotency-Key \"" + key + "\" was used for a different request");
        }
    }
}
