package io.lokiz.providers.control;

import io.lokiz.kernel.WebhookRejected;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FalWebhookTest {

    static final long NOW = 1_790_000_000L;
    final KeyPair fal = ed25519();
    final KeyPair rotatedOut = ed25519();
    final byte[] body = "{\"request_id\":\"r-1\",\"status\":\"OK\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);

    FalWebhook verifier(PublicKey... keys) {
        return new FalWebhook(() -> List.of(keys), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), Duration.ofMinutes(5));
    }

    @Test
    void acceptsADeliverySignedByAnyKeyOfTheSet() throws Exception {
        String signature = sign(fal, "r-1", "u-1", Long.toString(NOW), body);

        assertThatCode(() -> verifier(rotatedOut.getPublic(), fal.getPublic()).verify("r-1", "u-1", Long.toString(NOW), signature, body))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesOtherKeysTamperedBodiesAndOldTimestamps() throws Exception {
        String signature = sign(fal, "r-1", "u-1", Long.toString(NOW), body);
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[5] = 'X';
        String old = Long.toString(NOW - 301);

        assertThatThrownBy(() -> verifier(rotatedOut.getPublic()).verify("r-1", "u-1", Long.toString(NOW), signature, body))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verifier(fal.getPublic()).verify("r-1", "u-1", Long.toString(NOW), signature, tampered))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verifier(fal.getPublic()).verify("r-2", "u-1", Long.toString(NOW), signature, body))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verifier(fal.getPublic()).verify("r-1", "u-1", old, sign(fal, "r-1", "u-1", old, body), body))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("window");
    }

    @Test
    void readsAJwkXValueAsAnEd25519Key() throws Exception {
        byte[] spki = fal.getPublic().getEncoded();
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));

        assertThat(FalWebhook.ed25519(x).getEncoded()).isEqualTo(spki);
    }

    private static String sign(KeyPair key, String requestId, String userId, String timestamp, byte[] body) throws Exception {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key.getPrivate());
        ed25519.update(FalWebhook.message(requestId, userId, timestamp, body));
        return HexFormat.of().formatHex(ed25519.sign());
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
