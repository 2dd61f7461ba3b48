package io.lokiz.app;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** How deep a body nests is counted (JsonNesting) before it is parsed: brackets inside strings, escaped quotes included, do not count. */
class JsonNestingTest {

    @Test
    void countsTheDeepestNestingOfObjectsAndArrays() {
        assertThat(depth("{}")).isEqualTo(1);
        assertThat(depth("{\"a\":[1,{\"b\":[]}],\"c\":{}}")).isEqualTo(4);
        assertThat(depth("[".repeat(2_000) + "]".repeat(2_000))).isEqualTo(2_000);
        assertThat(depth("42")).isZero();
    }

    @Test
    void bracketsInsideStringsDoNotCount() {
        assertThat(depth("{\"a\":\"[[[{{{\"}")).isEqualTo(1);
        assertThat(depth("{\"a\":\"\\\"[[[\",\"b\":\"\\\\\"}")).as("escaped quotes and backslashes").isEqualTo(1);
        assertThat(depth("{\"ключ\":\"значение [[[\"}")).as("UTF-8 text").isEqualTo(1);
    }

    private static int depth(String json) {
        return JsonNesting.depth(json.getBytes(StandardCharsets.UTF_8));
    }
}
