package io.lokiz.jobs.entity;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's state machine, without a database. */
class JobTest {

    final Instant now = Instant.parse("2026-11-25T10:00:00Z");

    Job newJob() {
        return new Job(UUID.randomUUID(), "alice", UUID.randomUUID(), VideoSettings.DEFAULT, "local", 10, now);
    }

    @Test
    void startsPendingAndDueForSubmission() {
        Job job = newJob();

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.step()).isEqualTo(JobStep.SUBMIT);
        assertThat(job.runAt()).isEqualTo(now);
        assertThat(job.progress()).isZero();
    }

    @Test
    void walksThroughEveryStateToCompleted() {
        Job job = newJob();
        job.startGeneration(now);
        assertThat(job.state()).isEqualTo(JobState.GENERATING);
        job.generated(URI.create("file:/tmp/clip.mp4"), now);
        assertThat(job.step()).isEqualTo(JobStep.ENCODE);
        job.startEncoding();
        assertThat(job.state()).isEqualTo(JobState.ENCODING);
        job.encoded(now);
        job.startUploading();
        assertThat(job.state()).isEqualTo(JobState.UPLOADING);
        job.uploaded(UUID.randomUUID(), now);
        assertThat(job.step()).isEqualTo(JobStep.COMPLETE);

        job.complete(now);

        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.progress()).isEqualTo(100);
        assertThat(job.step()).isNull();
        assertThat(job.runAt()).isNull();
    }

    @Test
    void neverMovesProgressBackwardsNorToHundredBeforeCompleting() {
        Job job = newJob();
        job.advance(60);
        job.advance(30);
        assertThat(job.progress()).isEqualTo(60);
        job.advance(100);
        assertThat(job.progress()).isEqualTo(99);
    }

    @Test
    void timesOutAGenerationAfterSixtySecondsAndFailsAfterTheThirdAttempt() {
        Job job = newJob();
        Duration timeout = Duration.ofSeconds(60);
        Instant t = now;
        for (int attempt = 1; attempt <= 3; attempt++) {
            job.startGeneration(t);
            job.generationRunning("request-" + attempt, t.plusSeconds(5));
            assertThat(job.generationTimedOut(t.plusSeconds(60), timeout)).isFalse();
            assertThat(job.generationTimedOut(t.plusSeconds(61), timeout)).isTrue();
            job.generationFailed("generation timed out after 60 s", 3, t.plusSeconds(63), t.plusSeconds(61));
            t = t.plusSeconds(63);
            if (attempt < 3) {
                assertThat(job.state()).isEqualTo(JobState.GENERATING);
                assertThat(job.step()).isEqualTo(JobStep.SUBMIT);
            }
        }

        assertThat(job.attempts()).isEqualTo(3);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).isEqualTo("generation timed out after 60 s (after 3 attempts)");
    }

    @Test
    void retriesAFailedGenerationUntilTheLastAttemptThenFails() {
        Job job = newJob();
        Instant retryAt = now.plusSeconds(2);
        job.startGeneration(now);
        job.generationFailed("provider said no", 3, retryAt, now);
        assertThat(job.step()).isEqualTo(JobStep.SUBMIT);
        assertThat(job.runAt()).isEqualTo(retryAt);
        job.startGeneration(now);
        job.generationFailed("provider said no", 3, retryAt, now);
        job.startGeneration(now);

        job.generationFailed("provider said no", 3, retryAt, now);

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).isEqualTo("provider said no (after 3 attempts)");
        assertThat(job.step()).isNull();
    }
}
