package io.lokiz.generation.control;

import io.lokiz.jobs.DetachedJobRun;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Pipeline;
import io.lokiz.media.Branding;
import io.lokiz.storage.StorageUnavailable;
import io.lokiz.testing.MutableClock;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REQ-UW-004 on a job held in memory: a store that is down keeps the finished files in the job's
 * spool and the job in {@code uploading}, tried again ever later (up to
 * {@code lokiz.storage.retry-max-seconds}), telling its viewers why; once stored, the record of
 * failures goes.
 */
class UploadRetryTest {

    static final String UPLOAD = "UPLOAD";

    @TempDir
    Path work;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final GenerationSettings settings = new GenerationSettings(5, 60, 4, 2, Branding.Corner.BOTTOM_RIGHT, 300);
    boolean storeIsDown = true;
    final Pipeline uploads = new Pipeline() {
        @Override
        public Set<String> types() {
            return Set.of("test_upload");
        }

        @Override
        public String firstStep() {
            return UPLOAD;
        }

        @Override
        public void run(String step, JobRun run) {
            if (storeIsDown) {
                UploadRetry.schedule(run, UPLOAD, new StorageUnavailable("503 from the bucket", new IOException("503")), settings,
                        new QuietMetrics(), clock);
            } else {
                VideoFiles stored = new VideoFiles(run.job().id(), "videos/v/video.mp4", null, null, "videos/v/thumbnail.jpg", 4, 10, 720, 1280);
                run.change(j -> {
                    j.record(JobOutput.of(j.output()).withVideo(stored).json());
                    j.next("COMPLETE", clock.instant());
                });
            }
        }

        @Override
        public Object present(JobRecord job) {
            return job;
        }
    };

    @Test
    void aStoreOutageKeepsTheSpoolAndTriesAgainEverLater() throws Exception {
        Path spooled = Files.writeString(Files.createDirectories(work.resolve("out")).resolve("video.mp4"), "encoded");
        var job = uploading();

        Duration previous = Duration.ZERO;
        for (int failures = 1; failures <= 10; failures++) {
            assertThat(job.runDueStep(uploads)).isTrue();
            UploadRetry retry = JobOutput.of(job.current().output()).uploadRetry();
            Duration wait = Duration.between(clock.instant(), job.runAt());

            assertThat(retry.failures()).isEqualTo(failures);
            assertThat(retry.retryAt()).isEqualTo(job.runAt());
            assertThat(wait).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Duration.ofSeconds(300));
            assertThat(job.step()).isEqualTo(UPLOAD);
            assertThat(job.current().state()).isEqualTo(JobState.UPLOADING);
            previous = wait;
            clock.advance(wait);
        }

        assertThat(previous).as("capped by lokiz.storage.retry-max-seconds").isEqualTo(Duration.ofSeconds(300));
        assertThat(spooled).as("the files wait in the spool").exists();
        assertThat(JobOutput.of(job.current().output()).uploadRetry().reason()).contains("storage service is unavailable");
    }

    @Test
    void storedAtLastTheFailuresAreForgotten() {
        var job = uploading();
        job.runDueStep(uploads);
        clock.advance(Duration.ofMinutes(1));
        storeIsDown = false;

        job.runDueStep(uploads);

        JobOutput output = JobOutput.of(job.current().output());
        assertThat(output.uploadRetry()).isNull();
        assertThat(output.video().mp4()).isEqualTo("videos/v/video.mp4");
        assertThat(job.step()).isEqualTo("COMPLETE");
    }

    private DetachedJobRun uploading() {
        var job = new DetachedJobRun("test_upload", "alice", JsonObject.EMPTY_JSON_OBJECT, UPLOAD, work, clock);
        job.change(j -> j.enter(JobState.UPLOADING));
        return job;
    }
}
