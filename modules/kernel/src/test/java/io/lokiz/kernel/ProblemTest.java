package io.lokiz.kernel;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    @Test
    void hasAStableTypeTitleStatusDetailAndExtensions() {
        JsonObject body = Problem.body(402, "insufficient-credits", "Insufficient credits", "needs 10, has 3",
                Map.of("price", 10, "available", 3));

        assertThat(body.getString("type")).isEqualTo("https://lokiz.io/problems/insufficient-credits");
        assertThat(body.getString("title")).isEqualTo("Insufficient credits");
        assertThat(body.getInt("status")).isEqualTo(402);
        assertThat(body.getString("detail")).isEqualTo("needs 10, has 3");
        assertThat(body.getInt("price")).isEqualTo(10);
        assertThat(body.getInt("available")).isEqualTo(3);
    }

    @Test
    void leavesOutExtensionsWithoutAValue() {
        var extensions = new java.util.HashMap<String, Object>();
        extensions.put("field", null);

        assertThat(Problem.body(400, "invalid-request", "Invalid request", "x", extensions)).doesNotContainKey("field");
    }
}
