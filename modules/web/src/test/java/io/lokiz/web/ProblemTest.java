package io.lokiz.web;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    @Test
    void isProblemJsonWithAStableTypeAndExtensions() {
        var response = Problem.of(402, "insufficient-credits", "Insufficient credits", "needs 10, has 3",
                Map.of("price", 10, "available", 3)).getResponse();

        assertThat(response.getStatus()).isEqualTo(402);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        JsonObject body = (JsonObject) response.getEntity();
        assertThat(body.getString("type")).isEqualTo("https://lokiz.io/problems/insufficient-credits");
        assertThat(body.getInt("price")).isEqualTo(10);
        assertThat(body.getInt("available")).isEqualTo(3);
    }

    @Test
    void namesTheFieldOfAnInvalidRequest() {
        JsonObject body = (JsonObject) Problem.invalid("settings.fps", "too fast").getResponse().getEntity();

        assertThat(body.getString("field")).isEqualTo("settings.fps");
        assertThat(body.getInt("status")).isEqualTo(400);
    }
}
