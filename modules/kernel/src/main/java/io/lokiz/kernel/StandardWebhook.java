package io.lokiz.kernel;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Verifies Standard Webhooks signatures (Replicate, our try-on service): HMAC-SHA256 keyed with
 * the base64 secret after {@code whsec_}, over {@code id.timestamp.body}; any of the
 * space-separated {@code v1,<base64>} signatures may match; the timestamp must lie within the
 * tolerance. Checked on the raw bytes, before anything reads the body.
 */
public final class StandardWebhook {

    private final Hmac hmac;
    private final Clock clock;
    private final Duration tolerance;

    public StandardWebhook(String secret, Clock clock, Duration tolerance) {
        String encoded = secret.startsWith("whsec_") ? secret.substring(6) : secret;
        this.hmac = new Hmac(Base64.getDecoder().decode(encoded));
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /** Throws unless the headers prove the body came from the holder of the secret, recently. */
    public void verify(String id, String timestamp, String signatures, byte[] body) throws WebhookRejected {
        if (id == null || timestamp == null || signatures == null) {
            throw new WebhookRejected("webhook-id, webhook-timestamp and webhook-signature are required");
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookRejected("webhook-timestamp is not a number");
        }
        if (Math.abs(clock.instant().getEpochSecond() - sent) > tolerance.toSeconds()) {
            throw new WebhookRejected("webhook-timestamp is outside the " + tolerance.toSeconds() + " s window");
        }
        byte[] signed = (id + "." + timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8);
        for (String candidate : signatures.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma > 0 && candidate.substring(0, comma).equals("v1")) {
                try {
                    if (hmac.verifies(Base64.getDecoder().decode(candidate.substring(comma + 1)), signed, body)) {
                        return;
                    }
                } catch (IllegalArgumentException notBase64) {
                    // another candidate may still match
                }
            }
        }
        throw new WebhookRejected("no webhook-signature matches");
    }

    /** The v1 signature of a message, as a sender computes it. */
    public String signature(String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac.sign((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
    }
}
