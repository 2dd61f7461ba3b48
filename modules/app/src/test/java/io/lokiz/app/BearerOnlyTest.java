package io.lokiz.app;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BearerOnlyTest {

    /** RFC 6750's grammar as a regex: the specification the loop must agree with. */
    static final Pattern RFC_6750 = Pattern.compile("(?i:bearer) [A-Za-z0-9\\-._~+/]+=*");

    @Test
    void takesTheBearerSchemeInAnyCaseAndB64TokensOnly() {
        assertThat(BearerOnly.isBearer("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")).isTrue();
        assertThat(BearerOnly.isBearer("bEaReR abc==")).isTrue();
        assertThat(BearerOnly.isBearer("Bearer ")).isFalse();
        assertThat(BearerOnly.isBearer("Bearer ==")).isFalse();
        assertThat(BearerOnly.isBearer("Bearer a=b")).isFalse();
        assertThat(BearerOnly.isBearer("Bearer  abc")).isFalse();
        assertThat(BearerOnly.isBearer("Basic YWxhZGRpbjpvcGVuc2VzYW1l")).isFalse();
        assertThat(BearerOnly.isBearer("eyJhbGciOiJSUzI1NiJ9")).isFalse();
    }

    @Test
    void agreesWithTheGrammarOnAHundredThousandRandomValues() {
        var random = new Random(6750);
        String alphabet = "Bbearer AZaz09-._~+/=: \t%é";
        for (int i = 0; i < 100_000; i++) {
            var value = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String v = value.toString();
            assertThat(BearerOnly.isBearer(v)).as(v).isEqualTo(RFC_6750.matcher(v).matches());
        }
    }
}
