package io.lokiz.storage;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class StorageKeysTest {

    /** The key grammar as a regex: the specification the loop must agree with. */
    static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    @Test
    void takesSafeSegmentsAndNothingThatClimbsOrSurprises() {
        assertThat(StorageKeys.isValid("videos/v1/hls/stream_0_000.m4s")).isTrue();
        assertThat(StorageKeys.isValid("videos/v1/hls/init_0.mp4")).isTrue();
        assertThat(StorageKeys.isValid("images/i-1.jpg")).isTrue();
        for (String bad : new String[]{"", "/abs", "a//b", "a/", "../x", "a/../b", "a/./b", ".hidden", "a/.b", "a b", "a\\b", "ä"}) {
            assertThat(StorageKeys.isValid(bad)).as(bad).isFalse();
        }
        assertThat(StorageKeys.isValid("a".repeat(513))).isFalse();
    }

    @Test
    void agreesWithTheGrammarOnAHundredThousandRandomKeys() {
        var random = new Random(512);
        String alphabet = "ab09_-./ %\\";
        for (int i = 0; i < 100_000; i++) {
            var key = new StringBuilder();
            int length = random.nextInt(10);
            for (int j = 0; j < length; j++) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String k = key.toString();
            assertThat(StorageKeys.isValid(k)).as(k).isEqualTo(SAFE.matcher(k).matches() && !k.contains(".."));
        }
    }
}
