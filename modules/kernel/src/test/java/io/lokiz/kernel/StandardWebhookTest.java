package io.lokiz.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandardWebhookTest {

    // The test vector published with the Standard Webhooks libraries.
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String TIMESTAMP = "1614265330";
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    StandardWebhook at(long epochSecond) {
        return new StandardWebhook(SECRET, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC), Duration.ofMinutes(5));
    }

    @Test
    void acceptsThePublishedTestVector() {
        assertThatCode(() -> at(1614265330).verify(ID, TIMESTAMP, SIGNATURE, BODY)).doesNotThrowAnyException();
    }

    @Test
    void acceptsWhenAnyOfSeveralSignaturesMatches() {
        assertThatCode(() -> at(1614265330).verify(ID, TIMESTAMP, "v1,bm90IGl0 v2,xyz " + SIGNATURE, BODY)).doesNotThrowAnyException();
    }

    @Test
    void refusesATamperedBodyIdOrTimestamp() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> at(1614265330).verify(ID, TIMESTAMP, SIGNATURE, tampered)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> at(1614265330).verify(ID + "x", TIMESTAMP, SIGNATURE, BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> at(1614265331).verify(ID, "1614265331", SIGNATURE, BODY)).isInstanceOf(WebhookRejected.class);
    }

    @Test
    void refusesAReplayOutsideTheWindow() {
        assertThatThrownBy(() -> at(1614265330 + 301).verify(ID, TIMESTAMP, SIGNATURE, BODY))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("window");
    }

    @Test
    void refusesMissingOrMalformedHeadersWithoutNamingTheSecret() {
        assertThatThrownBy(() -> at(1614265330).verify(ID, TIMESTAMP, null, BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> at(1614265330).verify(ID, "soon", SIGNATURE, BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> at(1614265330).verify(ID, TIMESTAMP, "v1,!!!", BODY))
                .isInstanceOf(WebhookRejected.class).hasMessageNotContaining("MfKQ9r8");
    }
}
