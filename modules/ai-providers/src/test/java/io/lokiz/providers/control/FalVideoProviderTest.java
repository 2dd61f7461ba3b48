package io.lokiz.providers.control;

import io.lokiz.media.FrameSize;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.testing.FakeFal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fal.ai client over real HTTP (its MicroProfile REST Client, RESTEasy's outside the server)
 * against a local fake of fal's documented queue API. Fault tolerance is the server's: FalIT.
 */
class FalVideoProviderTest {

    final FakeFal fal = new FakeFal("fal-test-key");
    final GenerationRequest request = new GenerationRequest("job-1", new Task.Animate(), Path.of("unused.png"),
            "https://cdn.lokiz.io/images/1.png", new FrameSize(720, 1280), 30, 4, Path.of("unused"));

    FalVideoProvider provider(String key) {
        return new FalVideoProvider(new FalCalls(fal.url(), Optional.ofNullable(key), ProviderRateLimit.unlimited(), Clock.systemUTC()), "fal-ai/stable-video",
                "https://api.lokiz.io/", 0.075);
    }

    @AfterEach
    void stop() {
        fal.close();
    }

    @Test
    void submitsTheImageUrlWithItsKeyAndACompletionWebhook() {
        var running = (Generation.Running) provider("fal-test-key").submit(request);

        var submission = fal.submissions().get(0);
        assertThat(submission.requestId()).isEqualTo(running.requestId());
        assertThat(submission.path()).isEqualTo("/fal-ai/stable-video");
        assertThat(submission.webhookUrl()).isEqualTo("https://api.lokiz.io/api/webhooks/fal");
        assertThat(submission.body()).contains("\"image_url\":\"https://cdn.lokiz.io/images/1.png\"").contains("\"fps\":25");
        assertThat(running.costUsd()).as("fal's price of a video").isEqualTo(0.075);
    }

    @Test
    void keepsPollingUntilFalSaysCompletedThenAnswersTheVideoUrl() {
        var fal = provider("fal-test-key");
        String id = ((Generation.Running) fal.submit(request)).requestId();

        assertThat(fal.poll(id)).isEqualTo(new Generation.Running(id));
        this.fal.finish(id);

        assertThat(fal.poll(id)).isEqualTo(new Generation.Finished(URI.create(this.fal.url() + "/files/" + id + ".mp4")));
    }

    @Test
    void passesFalsOwnReasonOnWhenItCouldNotMakeTheVideo() {
        var fal = provider("fal-test-key");
        String id = ((Generation.Running) fal.submit(request)).requestId();
        this.fal.fail(id, "image_url could not be downloaded");

        assertThat(fal.poll(id)).isEqualTo(new Generation.Refused("fal.ai could not make a video of this image: image_url could not be downloaded"));
    }

    @Test
    void cancelsAtFal() {
        var fal = provider("fal-test-key");
        String id = ((Generation.Running) fal.submit(request)).requestId();

        fal.cancel(id);

        assertThat(this.fal.canceled()).containsExactly(id);
    }

    @Test
    void failsClearlyWithoutAKeyOrWithAWrongOne() {
        assertThat(provider(null).submit(request)).isInstanceOfSatisfying(Generation.Failed.class,
                failed -> assertThat(failed.reason()).contains("lokiz.providers.fal.key"));
        assertThat(provider("wrong").submit(request)).isEqualTo(new Generation.Failed("fal.ai refused the request: Unauthorized"));
        assertThat(fal.unauthorized()).isEqualTo(1);
    }

    @Test
    void treatsAnUnreachableFalAsATransientErrorOfThePoll() {
        var fal = provider("fal-test-key");
        String id = ((Generation.Running) fal.submit(request)).requestId();
        this.fal.close();

        assertThatThrownBy(() -> fal.poll(id)).isInstanceOf(ProviderUnavailable.class).hasMessageContaining("unreachable");
    }
}
