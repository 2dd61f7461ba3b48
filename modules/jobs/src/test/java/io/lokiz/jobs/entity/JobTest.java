package io.lokiz.jobs.entity;

import io.lokiz.jobs.JobState;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job's state machine, whatever its type, without a database. */
class JobTest {

    final Instant now = Instant.parse("2026-11-25T10:00:00Z");

    Job newJob() {
        return new Job(UUID.randomUUID(), "alice", "test", Json.createObjectBuilder().add("asked", "this").build(), "FIRST", now);
    }

    @Test
    void startsPendingWithItsFirstStepDue() {
        Job job = newJob();

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.step()).isEqualTo("FIRST");
        assertThat(job.runAt()).isEqualTo(now);
        assertThat(job.progress()).isZero();
        assertThat(job.record().input().getString("asked")).isEqualTo("this");
        assertThat(job.record().output()).isEmpty();
    }

    @Test
    void walksThroughWorkingStatesToCompleted() {
        Job job = newJob();
        job.enter(JobState.GENERATING);
        job.record(Json.createObjectBuilder().add("clip", "file:/tmp/clip.mp4").build());
        job.next("ENCODE", now);
        job.enter(JobState.ENCODING);
        job.enter(JobState.UPLOADING);

        job.complete(now);

        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(job.progress()).isEqualTo(100);
        assertThat(job.step()).isNull();
        assertThat(job.runAt()).isNull();
        assertThat(job.output().getString("clip")).isEqualTo("file:/tmp/clip.mp4");
    }

    @Test
    void neverEntersPendingOrAnEndByEnter() {
        assertThatThrownBy(() -> newJob().enter(JobState.COMPLETED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> newJob().enter(JobState.PENDING)).isInstanceOf(IllegalArgumentException.class);
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
    void timesOutAnAttemptAfterSixtySecondsAndFailsAfterTheThirdAttempt() {
        Job job = newJob();
        Duration timeout = Duration.ofSeconds(60);
        Instant t = now;
        for (int attempt = 1; attempt <= 3; attempt++) {
            job.startAttempt(t);
            job.await("local:request-" + attempt, "POLL", t.plusSeconds(5));
            assertThat(job.attemptTimedOut(t.plusSeconds(60), timeout)).isFalse();
            assertThat(job.attemptTimedOut(t.plusSeconds(61), timeout)).isTrue();
            job.attemptFailed("generation timed out after 60 s", 3, "SUBMIT", t.plusSeconds(63), t.plusSeconds(61));
            t = t.plusSeconds(63);
            if (attempt < 3) {
                assertThat(job.step()).isEqualTo("SUBMIT");
            }
        }

        assertThat(job.attempts()).isEqualTo(3);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).isEqualTo("generation timed out after 60 s (after 3 attempts)");
        assertThat(job.step()).isNull();
    }

    @Test
    void redoesALostAttemptWithoutCountingIt() {
        Job job = newJob();
        job.startAttempt(now);

        job.redoAttempt("SUBMIT", now);

        assertThat(job.attempts()).isZero();
        assertThat(job.step()).isEqualTo("SUBMIT");
    }

    @Test
    void givesItsLeaseBackWhenItsNextStepIsNotDueYet() {
        Job job = newJob();
        job.next("POLL", now.plusSeconds(5));

        job.touch(now);

        assertThat(job.isLeasedBy("node", now)).isFalse();
    }
}
