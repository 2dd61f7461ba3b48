package io.lokiz.providers.control;

import io.lokiz.kernel.WebhookRejected;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Verifies fal.ai webhook signatures: Ed25519 over {@code request_id \n user_id \n timestamp \n
 * hex(sha256(body))}, against any key of fal's JWKS; timestamps more than 300 s away are refused.
 * The header scheme is consistent across independent implementations but not officially
 * documented (providers.md), so the JWKS location is configurable.
 */
public final class FalWebhook {

    /** DER prefix of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final Supplier<List<PublicKey>> keys;
    private final Clock clock;
    private final Duration tolerance;

    public FalWebhook(Supplier<List<PublicKey>> keys, Clock clock, Duration tolerance) {
        this.keys = keys;
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /** Throws unless one of fal's keys signed this delivery, recently. */
    public void verify(String requestId, String userId, String timestamp, String signatureHex, byte[] body) throws WebhookRejected {
        if (requestId == null || userId == null || timestamp == null || signatureHex == null) {
            throw new WebhookRejected("the X-Fal-Webhook-* headers are required");
        }
        long sent;
        byte[] signature;
        try {
            sent = Long.parseLong(timestamp.trim());
            signature = HexFormat.of().parseHex(signatureHex.trim());
        } catch (IllegalArgumentException e) {
            throw new WebhookRejected("malformed X-Fal-Webhook-Timestamp or -Signature");
        }
        if (Math.abs(clock.instant().getEpochSecond() - sent) > tolerance.toSeconds()) {
            throw new WebhookRejected("X-Fal-Webhook-Timestamp is outside the " + tolerance.toSeconds() + " s window");
        }
        byte[] message = message(requestId, userId, timestamp.trim(), body);
        for (PublicKey key : keys.get()) {
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(key);
                ed25519.update(message);
                if (ed25519.verify(signature)) {
                    return;
                }
            } catch (GeneralSecurityException wrongKeyOrShape) {
                // try the next key
            }
        }
        throw new WebhookRejected("no fal key verifies X-Fal-Webhook-Signature");
    }

    /** The bytes fal signs. */
    public static byte[] message(String requestId, String userId, String timestamp, byte[] body) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            return (requestId + "\n" + userId + "\n" + timestamp + "\n" + digest).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Ed25519 public key from a JWK's {@code x} (base64url, 32 bytes). */
    public static PublicKey ed25519(String x) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(x);
            byte[] der = new byte[ED25519_SPKI_PREFIX.length + raw.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, raw.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 JWK x value", e);
        }
    }
}
