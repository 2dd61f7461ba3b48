package io.lokiz.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev sign-in exists only on the embedded identity, and takes plain names only. */
class DevSignInTest {

    @Test
    void existsOnlyWhileTheServerIsItsOwnIdentityProvider() {
        assertThat(new DevSignIn(EmbeddedIdentity.ISSUER, "data").exists()).isTrue();
        assertThat(new DevSignIn("https://login.example.com/", "data").exists()).isFalse();
    }

    @Test
    void takesLettersDigitsDotsUnderscoresAndDashesUpToSixtyFour() {
        assertThat(DevSignIn.isName("alice.b_c-1")).isTrue();
        assertThat(DevSignIn.isName("x".repeat(64))).isTrue();
        assertThat(DevSignIn.isName("")).isFalse();
        assertThat(DevSignIn.isName("x".repeat(65))).isFalse();
        assertThat(DevSignIn.isName("a b")).isFalse();
        assertThat(DevSignIn.isName("\"admin\"")).isFalse();
        assertThat(DevSignIn.isName("é")).isFalse();
    }
}
