package io.lokiz.generation.control;

import io.lokiz.jobs.DetachedJobRun;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Pipeline;
import io.lokiz.jobs.JobRecord;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.testing.MutableClock;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steps every job type shares with its provider, run on a job held in memory with the
 * engine's own state machine, a clock moved by hand and a scripted provider: the spec's timeout
 * and retries (REQ-UW-001), throttling and open breakers, webhooks, cancels, results.
 */
class ProviderStepsTest {

    static final String NEXT = "NEXT";

    @TempDir
    Path work;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final ScriptedProvider provider = new ScriptedProvider();
    final GenerationSettings settings = new GenerationSettings(5, 60, 4, 2, io.lokiz.media.Branding.Corner.BOTTOM_RIGHT, 300);
    final ProviderSteps steps = provider.steps(settings, clock);
    /** The provider's half of a pipeline: submit, poll, then the result fetched and the job completed. */
    final Pipeline pipeline = new ProviderHalf();
    DetachedJobRun job;
    Optional<Path> fetched;

    @Test
    void aSubmittedGenerationIsPolledEveryFiveSecondsAndWaitsOnItsRequest() {
        provider.onSubmit(() -> new Generation.Running("req-1"));
        job = newJob();

        step();

        assertThat(job.current().state()).isEqualTo(JobState.GENERATING);
        assertThat(job.current().attempts()).isEqualTo(1);
        assertThat(JobOutput.of(job.current().output()).requestId()).isEqualTo("req-1");
        assertThat(JobOutput.of(job.current().output()).model()).as("the model asked, for output_data.model").isEqualTo("scripted/animate");
        assertThat(job.step()).isEqualTo(ProviderSteps.POLL);
        assertThat(job.runAt()).isEqualTo(clock.instant().plusSeconds(5));
        assertThat(job.waitingOn()).as("what a verified webhook names").isEqualTo(ScriptedProvider.NAME + ":req-1");
    }

    @Test
    void aWebhookMakesThePollDueAtOnce() {
        provider.onSubmit(() -> new Generation.Running("req-1"))
                .onPoll(() -> new Generation.Finished(URI.create("https://cdn.example/clip.mp4")));
        job = newJob();
        step();
        assertThat(job.runDueStep(pipeline)).as("the poll is not due yet").isFalse();

        assertThat(job.wake(ScriptedProvider.NAME + ":req-1")).isTrue();
        step();

        assertThat(provider.polled).containsExactly("req-1");
        assertThat(job.step()).isEqualTo(NEXT);
        assertThat(job.runAt()).isEqualTo(clock.instant());
        assertThat(JobOutput.of(job.current().output()).result()).isEqualTo("https://cdn.example/clip.mp4");
        assertThat(job.current().progress()).isEqualTo(ProviderSteps.GENERATED);
    }

    @Test
    void aWebhookForAnotherRequestWakesNothing() {
        provider.onSubmit(() -> new Generation.Running("req-1"));
        job = newJob();
        step();

        assertThat(job.wake(ScriptedProvider.NAME + ":req-2")).isFalse();
        assertThat(job.runAt()).isAfter(clock.instant());
    }

    @Test
    void aGenerationStillRunningAfterSixtySecondsTimesOutAndIsSubmittedAgain() {
        provider.onSubmit(() -> new Generation.Running("req-1"))
                .onPoll(() -> new Generation.Running("req-1"))
                .onPoll(() -> new Generation.Running("req-1"));
        job = newJob();
        step();
        clock.advance(Duration.ofSeconds(55));
        step();
        assertThat(job.step()).as("55 s in, still polling").isEqualTo(ProviderSteps.POLL);

        clock.advance(Duration.ofSeconds(6));
        step();

        assertThat(job.current().state()).isEqualTo(JobState.GENERATING);
        assertThat(job.current().error()).isEqualTo("generation timed out after 60 s");
        assertThat(job.step()).isEqualTo(ProviderSteps.SUBMIT);
        assertThat(job.runAt()).as("after the first backoff").isEqualTo(clock.instant().plus(settings.backoffAfter(1)));
        assertThat(job.waitingOn()).isNull();
    }

    @Test
    void theFourthFailedAttemptFailsTheJob() {
        for (int i = 0; i < 4; i++) {
            provider.onSubmit(() -> new Generation.Failed("the model fell over"));
        }
        job = newJob();

        for (int attempt = 1; attempt <= 3; attempt++) {
            step();
            assertThat(job.current().state()).as("after attempt %d", attempt).isEqualTo(JobState.GENERATING);
            assertThat(job.runAt()).isEqualTo(clock.instant().plus(settings.backoffAfter(attempt)));
            clock.advance(settings.backoffAfter(attempt));
        }
        step();

        assertThat(provider.submitted).hasSize(4);
        assertThat(job.current().state()).isEqualTo(JobState.FAILED);
        assertThat(job.current().error()).isEqualTo("the model fell over (after 4 attempts)");
        assertThat(job.step()).isNull();
    }

    @Test
    void eachAttemptWritesIntoItsOwnDirectory() {
        provider.onSubmit(() -> new Generation.Failed("no")).onSubmit(() -> new Generation.Running("req-2"));
        job = newJob();
        step();
        clock.advance(settings.backoffAfter(1));
        step();

        assertThat(provider.submitted).extracting(GenerationRequest::workDir)
                .containsExactly(work.resolve("attempt-1"), work.resolve("attempt-2"));
        assertThat(JobOutput.of(job.current().output()).requestId()).as("the new attempt's request only").isEqualTo("req-2");
    }

    @Test
    void aThrottledSubmissionWaitsWithoutCostingAnAttempt() {
        provider.onSubmit(() -> new Generation.Deferred(Duration.ofSeconds(30), "rate limited (429)"))
                .onSubmit(() -> new Generation.Running("req-1"));
        job = newJob();

        step();

        assertThat(job.current().attempts()).isZero();
        assertThat(job.step()).isEqualTo(ProviderSteps.SUBMIT);
        assertThat(job.runAt()).isEqualTo(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        step();
        assertThat(job.current().attempts()).as("the first attempt is the one that reached the provider").isEqualTo(1);
    }

    @Test
    void anOpenBreakerParksAPollingJobOnItsRequest() {
        provider.onSubmit(() -> new Generation.Running("req-1"))
                .onPoll(() -> new Generation.Deferred(Duration.ofSeconds(40), "circuit breaker open"));
        job = newJob();
        step();
        clock.advance(Duration.ofSeconds(5));

        step();

        assertThat(job.current().attempts()).isEqualTo(1);
        assertThat(job.step()).isEqualTo(ProviderSteps.POLL);
        assertThat(job.runAt()).isEqualTo(clock.instant().plusSeconds(40));
        assertThat(job.waitingOn()).as("a webhook still wakes it").isEqualTo(ScriptedProvider.NAME + ":req-1");
    }

    @Test
    void aFailedPollIsAskedAgainAndTheTimeoutStillHolds() {
        provider.onSubmit(() -> new Generation.Running("req-1"))
                .onPoll(() -> {
                    throw new IllegalStateException("connection reset");
                });
        job = newJob();
        step();
        clock.advance(Duration.ofSeconds(5));

        step();

        assertThat(job.step()).isEqualTo(ProviderSteps.POLL);
        assertThat(job.current().attempts()).isEqualTo(1);
        assertThat(job.current().error()).isNull();
    }

    @Test
    void aRefusalFailsTheJobAtOnce() {
        provider.onSubmit(() -> new Generation.Refused("the image shows no person"));
        job = newJob();

        step();

        assertThat(job.current().state()).isEqualTo(JobState.FAILED);
        assertThat(job.current().error()).isEqualTo("the image shows no person");
        assertThat(provider.submitted).hasSize(1);
    }

    @Test
    void aSubmissionThatThrowsIsAFailedAttempt() {
        provider.onSubmit(() -> {
            throw new IllegalStateException("DNS");
        });
        job = newJob();

        step();

        assertThat(job.current().error()).isEqualTo("the provider could not be reached");
        assertThat(job.step()).isEqualTo(ProviderSteps.SUBMIT);
    }

    @Test
    void aCostIsRecordedOnceTheProviderAcceptsTheRequest() {
        provider.onSubmit(() -> new Generation.Running("req-1", 0.4));
        job = newJob();

        step();

        assertThat(provider.spent).containsExactly(ScriptedProvider.NAME + ":req-1:0.4");
    }

    @Test
    void aJobCanceledWhileItsSubmissionRunsStaysCanceled() {
        job = newJob();
        provider.onSubmit(() -> {
            job.cancel();
            return new Generation.Running("req-1");
        });

        step();

        assertThat(job.current().state()).isEqualTo(JobState.CANCELED);
        assertThat(job.step()).isNull();
        assertThat(JobOutput.of(job.current().output()).requestId()).as("nothing written after the cancel").isNull();
    }

    @Test
    void aJobCanceledWhileItIsPolledStaysCanceled() {
        provider.onSubmit(() -> new Generation.Running("req-1"))
                .onPoll(() -> {
                    job.cancel();
                    return new Generation.Finished(URI.create("https://cdn.example/clip.mp4"));
                });
        job = newJob();
        step();
        clock.advance(Duration.ofSeconds(5));

        step();

        assertThat(job.current().state()).isEqualTo(JobState.CANCELED);
        assertThat(JobOutput.of(job.current().output()).result()).isNull();
    }

    @Test
    void aCanceledJobIsNeverSubmitted() {
        job = newJob();
        job.cancel();

        assertThat(job.runDueStep(pipeline)).isFalse();
        assertThat(provider.submitted).isEmpty();
    }

    @Test
    void aLocalRenderIsTheResultAndCompletingRemovesTheScratchFiles() throws Exception {
        Path clip = Files.writeString(Files.createDirectories(work.resolve("attempt-1")).resolve("clip.mp4"), "frames");
        provider.onSubmit(() -> new Generation.Finished(clip.toUri()));
        job = newJob();
        step();

        step();

        assertThat(fetched).contains(clip);
        assertThat(job.current().state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.current().progress()).isEqualTo(100);
        assertThat(work).doesNotExist();
    }

    @Test
    void aLocalRenderMadeOnAnotherNodeIsMadeAgainWithoutCostingAnAttempt() {
        provider.onSubmit(() -> new Generation.Finished(work.resolve("elsewhere.mp4").toUri()));
        job = newJob();
        step();

        step();

        assertThat(fetched).isEmpty();
        assertThat(job.step()).isEqualTo(ProviderSteps.SUBMIT);
        assertThat(job.current().attempts()).isZero();
    }

    @Test
    void aResultOnAPrivateAddressIsRefusedAndFailsTheJob() {
        provider.onSubmit(() -> new Generation.Finished(URI.create("https://10.0.0.7/clip.mp4")));
        job = newJob();
        step();

        step();

        assertThat(fetched).isEmpty();
        assertThat(job.current().state()).isEqualTo(JobState.FAILED);
        assertThat(job.current().error()).isEqualTo("the provider's result could not be fetched");
    }

    private DetachedJobRun newJob() {
        return new DetachedJobRun("test_clip", "alice", JsonObject.EMPTY_JSON_OBJECT, ProviderSteps.SUBMIT, work, clock);
    }

    private void step() {
        assertThat(job.runDueStep(pipeline)).as("a step was due").isTrue();
    }

    private final class ProviderHalf implements Pipeline {
        @Override
        public Set<String> types() {
            return Set.of("test_clip");
        }

        @Override
        public String firstStep() {
            return ProviderSteps.SUBMIT;
        }

        @Override
        public void run(String step, JobRun run) {
            switch (step) {
                case ProviderSteps.SUBMIT -> steps.submit(run, ScriptedProvider.NAME, () -> new GenerationRequest(run.job().id().toString(),
                        new Task.Animate(), null, null, null, 24, 4, ProviderSteps.attemptDir(run)), NEXT);
                case ProviderSteps.POLL -> steps.poll(run, ScriptedProvider.NAME, NEXT);
                case NEXT -> {
                    fetched = steps.result(run, "provided.mp4", Set.of("video/"), NEXT);
                    fetched.ifPresent(f -> steps.complete(run));
                }
                default -> throw new AssertionError("no step " + step);
            }
        }

        @Override
        public Object present(JobRecord job) {
            return job;
        }
    }
}
