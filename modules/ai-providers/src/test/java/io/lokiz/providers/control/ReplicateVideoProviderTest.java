package io.lokiz.providers.control;

import io.lokiz.media.FrameSize;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.testing.FakeReplicate;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Replicate client over real HTTP (its MicroProfile REST Client) against a local fake of
 * Replicate's documented predictions API: each task to its model, with the input that model
 * takes. Fault tolerance and webhooks are the server's: ReplicateIT.
 */
class ReplicateVideoProviderTest {

    static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("replicate unit test secret, 32 b".getBytes());
    final FakeReplicate replicate = new FakeReplicate("r8_test", SECRET);
    final ReplicateModels models = new ReplicateModels("google/veo-3-fast", "wan-video/wan-2.2-animate-animation",
            "wan-video/wan-2.2-animate-replace", "suno-ai/bark:b76242b4", false);

    ReplicateVideoProvider provider(String token) {
        return new ReplicateVideoProvider(new ReplicateCalls(replicate.url(), Optional.ofNullable(token), ProviderRateLimit.unlimited(), Clock.systemUTC()), models,
                "https://api.lokiz.io/");
    }

    static GenerationRequest request(Task task, int seconds) {
        return new GenerationRequest("job-1", task, Path.of("unused.png"), "https://cdn.lokiz.io/images/1.png",
                task instanceof Task.Music ? null : new FrameSize(720, 1280), 24, seconds, Path.of("unused"));
    }

    @AfterEach
    void stop() {
        replicate.close();
    }

    @Test
    void asksVeoForATemplateWithTheStillTheTemplatesPromptAndTheNearestLengthItMakes() {
        var running = (Generation.Running) provider("r8_test").submit(request(new Task.Template("ai_hug", "SWAY", "two friends"), 5));

        FakeReplicate.Created created = replicate.created().get(0);
        assertThat(created.id()).isEqualTo(running.requestId());
        assertThat(created.route()).isEqualTo("models/google/veo-3-fast");
        JsonObject body = json(created.body());
        assertThat(body.getString("webhook")).isEqualTo("https://api.lokiz.io/api/webhooks/replicate");
        assertThat(body.getJsonArray("webhook_events_filter").getString(0)).isEqualTo("completed");
        JsonObject input = body.getJsonObject("input");
        assertThat(input.getString("image")).isEqualTo("https://cdn.lokiz.io/images/1.png");
        assertThat(input.getString("prompt")).isEqualTo("two friends. ai hug, sway camera motion");
        assertThat(input.getInt("duration")).as("5 s rounds to veo's 6").isEqualTo(6);
        assertThat(input.getString("aspect_ratio")).isEqualTo("9:16");
        assertThat(input.getString("resolution")).isEqualTo("720p");
        assertThat(input.getBoolean("generate_audio")).isFalse();
        assertThat(running.costUsd()).as("6 s at veo's $0.10 a second").isCloseTo(0.60, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void roundsThePlansTemplateLengthsOntoVeosFourSixAndEight() {
        assertThat(ReplicateModels.veoSeconds(3)).isEqualTo(4);
        assertThat(ReplicateModels.veoSeconds(5)).isEqualTo(6);
        assertThat(ReplicateModels.veoSeconds(7)).isEqualTo(8);
        assertThat(ReplicateModels.veoSeconds(10)).isEqualTo(8);
    }

    @Test
    void asksWanForGlitchWithTheTemplateVideoAndTheCharacterItsSoundKept() {
        var provider = provider("r8_test");
        provider.submit(request(new Task.GlitchAnimate(Path.of("t.mp4"), "https://cdn.lokiz.io/t.mp4", ""), 5));
        provider.submit(request(new Task.GlitchReplace(Path.of("t.mp4"), "https://cdn.lokiz.io/t.mp4", ""), 5));

        var animate = replicate.created().get(0);
        var replace = replicate.created().get(1);
        assertThat(animate.route()).isEqualTo("models/wan-video/wan-2.2-animate-animation");
        assertThat(replace.route()).isEqualTo("models/wan-video/wan-2.2-animate-replace");
        for (var c : new FakeReplicate.Created[]{animate, replace}) {
            JsonObject input = json(c.body()).getJsonObject("input");
            assertThat(input.getString("video")).isEqualTo("https://cdn.lokiz.io/t.mp4");
            assertThat(input.getString("character_image")).isEqualTo("https://cdn.lokiz.io/images/1.png");
            assertThat(input.getString("resolution")).isEqualTo("720");
            assertThat(input.getBoolean("merge_audio")).isTrue();
        }
        assertThat(json(replace.body()).getJsonObject("input").getInt("refert_num")).isEqualTo(1);
    }

    @Test
    void asksBarkThroughItsVersionForMusicAndAnswersItsAudio() {
        var provider = provider("r8_test");
        String id = ((Generation.Running) provider.submit(request(new Task.Music("calm piano"), 10))).requestId();

        FakeReplicate.Created created = replicate.created().get(0);
        assertThat(created.route()).isEqualTo("version");
        assertThat(json(created.body()).getString("version")).isEqualTo("b76242b4");
        assertThat(json(created.body()).getJsonObject("input").getString("prompt")).isEqualTo("♪ calm piano ♪");

        replicate.succeed(id);
        assertThat(provider.poll(id)).isEqualTo(new Generation.Finished(URI.create(replicate.url() + "/files/" + id + ".wav")));
    }

    @Test
    void keepsPollingWhileThePredictionRunsThenAnswersItsVideo() {
        var provider = provider("r8_test");
        String id = ((Generation.Running) provider.submit(request(new Task.Template("dance", "BOUNCE", ""), 8))).requestId();

        assertThat(provider.poll(id)).isEqualTo(new Generation.Running(id));
        replicate.succeed(id);

        assertThat(provider.poll(id)).isEqualTo(new Generation.Finished(URI.create(replicate.url() + "/files/" + id + ".mp4")));
    }

    @Test
    void passesTheModelsOwnErrorOnAndDoesNotPayForTheSameFailureTwice() {
        var provider = provider("r8_test");
        String id = ((Generation.Running) provider.submit(request(new Task.Template("dance", "BOUNCE", ""), 8))).requestId();
        replicate.fail(id, "image must show a person");

        assertThat(provider.poll(id)).isEqualTo(new Generation.Refused("Replicate could not make it: image must show a person"));
    }

    @Test
    void waitsAsLongAsAThrottlingReplicateAsksWithoutLosingAnAttempt() {
        replicate.answerNext(429, "{\"detail\":\"Request was throttled. Your rate limit resets in ~7s.\"}", "7");

        assertThat(provider("r8_test").submit(request(new Task.Template("dance", "BOUNCE", ""), 8)))
                .isEqualTo(new Generation.Deferred(Duration.ofSeconds(7), "Replicate asked us to slow down"));
    }

    @Test
    void treatsServerErrorsAsUnavailableAndMissingOrWrongTokensAsClearFailures() {
        var provider = provider("r8_test");
        String id = ((Generation.Running) provider.submit(request(new Task.Template("dance", "BOUNCE", ""), 8))).requestId();
        replicate.answerNext(500, "{\"detail\":\"Internal server error\"}", null);
        assertThatThrownBy(() -> provider.poll(id)).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("500");

        assertThat(provider(null).submit(request(new Task.Music("x"), 5))).isInstanceOfSatisfying(Generation.Failed.class,
                failed -> assertThat(failed.reason()).contains("lokiz.providers.replicate.token"));
        assertThat(provider("wrong").submit(request(new Task.Music("x"), 5)))
                .isEqualTo(new Generation.Failed("Replicate refused the request: You did not pass a valid authentication token"));
    }

    @Test
    void refusesThePreviewWhichIsNotReplicates() {
        assertThat(provider("r8_test").submit(request(new Task.Animate(), 4))).isInstanceOf(Generation.Refused.class);
        assertThat(replicate.calls()).isZero();
    }

    @Test
    void cancelsAtReplicate() {
        var provider = provider("r8_test");
        String id = ((Generation.Running) provider.submit(request(new Task.Template("dance", "BOUNCE", ""), 8))).requestId();

        provider.cancel(id);

        assertThat(replicate.canceled()).containsExactly(id);
    }

    private static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }
}
