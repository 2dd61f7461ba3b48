package io.lokiz.generation.control;

import io.lokiz.jobs.DetachedJobRun;
import io.lokiz.jobs.JobChange;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.media.Branding;
import io.lokiz.media.FrameSize;
import io.lokiz.media.StillMotion;
import io.lokiz.media.VideoEncoder;
import io.lokiz.provenance.Credentials;
import io.lokiz.provenance.Provenance;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A clip job's whole way without a server: a real still rendered by ffmpeg (as the local provider
 * does), encoded by the real encoder, stored in a directory store, recorded in a real
 * PostgreSQL; the job held in memory by the engine's own state machine.
 */
class VideoPipelineTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final GenerationSettings settings = new GenerationSettings(5, 60, 4, 2, Branding.Corner.BOTTOM_RIGHT, 300);
    final ScriptedProvider provider = new ScriptedProvider();
    final UUID imageId = UUID.randomUUID();
    static javax.sql.DataSource database;
    FlakyStorage storage;
    Videos videos;
    VisibleLabel label;
    VideoPipeline pipeline;
    DetachedJobRun job;

    @BeforeAll
    static void aDatabase() {
        database = TestDatabase.freshDatabase().dataSource(); // each test's job and video ids are its own
    }

    @BeforeEach
    void aStoredStillAndAProviderThatRendersIt() throws Exception {
        storage = new FlakyStorage(dir.resolve("store"), clock);
        videos = new Videos(database);
        label = new VisibleLabel(database);
        label.set(false, Branding.Corner.TOP_LEFT, "test", clock.instant());
        VideoStore files = new VideoStore(storage);
        pipeline = new VideoPipeline(provider.steps(settings, clock), new VideoEncoder(), files, videos,
                new JobViews(files, JobTypes.of()), new Brandings(storage, null, null, clock), settings, new QuietMetrics(),
                new ContentCredentials(new Provenance(Optional.empty(), Optional.empty(), dir.toString(), clock), false), label, clock);
        storage.put("images/" + imageId + ".png", still(480, 640));
        provider.onSubmit(this::render);
    }

    @Test
    void aPreviewBecomesAStoredVideoOfTheAskedFrameAndLength() throws Exception {
        job = preview();

        Runs.toTheEnd(job, pipeline, clock);

        JobRecord done = job.current();
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        VideoFiles video = JobOutput.of(done.output()).video();
        assertThat(video.width()).isEqualTo(720);
        assertThat(video.height()).isEqualTo(1280);
        assertThat(video.duration()).isCloseTo(3.0, within(0.2));
        assertThat(storage.find(video.mp4())).isPresent();
        assertThat(storage.find(video.thumbnail())).isPresent();
        assertThat(videos.find(video.id(), "alice")).as("recorded with the job's change").contains(video);
        JsonObject signed = videos.credentials(video.id(), "alice").orElseThrow();
        Credentials mp4 = ContentCredentials.of(signed.getJsonObject("mp4"));
        assertThat(mp4.jobId()).isEqualTo(done.id().toString());
        assertThat(mp4.digitalSourceType()).isEqualTo(Credentials.TRAINED_ALGORITHMIC_MEDIA);
        assertThat(mp4.inputFormat()).isEqualTo("image/png");
        assertThat(ContentCredentials.of(signed.getJsonObject("thumbnail")).format()).isEqualTo("image/jpeg");
        assertThat(videos.credentials(video.id(), "bob")).as("another user's").isEmpty();
        assertThat(dir.resolve("work")).as("scratch files removed once completed").doesNotExist();
    }

    @Test
    void aVisibleLabelTurnedOnIsDrawnAndStatedAsAnEdit() throws Exception {
        label.set(true, Branding.Corner.TOP_RIGHT, "admin", clock.instant());
        job = preview();

        Runs.toTheEnd(job, pipeline, clock);

        Credentials mp4 = ContentCredentials.of(JobOutput.of(job.current().output()).credentials().getJsonObject("mp4"));
        assertThat(mp4.actions()).containsExactly("c2pa.created", "c2pa.edited");
        assertThat(mp4.digitalSourceType()).isEqualTo(Credentials.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
    }

    @Test
    void aStoreOutageKeepsTheEncodedVideoInTheSpoolUntilTheStoreIsBack() throws Exception {
        job = preview();
        storage.down = true;
        while (!JobState.UPLOADING.equals(job.current().state())) {
            assertThat(job.runDueStep(pipeline)).isTrue();
        }

        assertThat(JobOutput.of(job.current().output()).uploadRetry().failures()).isEqualTo(1);
        assertThat(dir.resolve("work/out")).as("the spool").isDirectory();
        assertThat(job.step()).isEqualTo("UPLOAD");

        storage.down = false;
        Runs.toTheEnd(job, pipeline, clock);

        assertThat(job.current().state()).isEqualTo(JobState.COMPLETED);
        assertThat(JobOutput.of(job.current().output()).uploadRetry()).isNull();
        assertThat(provider.submitted).as("nothing made again").hasSize(1);
    }

    @Test
    void aVideoEncodedOnANodeThatWentAwayIsEncodedAgainHere() throws Exception {
        job = preview();
        storage.down = true;
        while (!JobState.UPLOADING.equals(job.current().state())) {
            job.runDueStep(pipeline);
        }
        storage.down = false;
        Files.walk(dir.resolve("work/out")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        Runs.toTheEnd(job, pipeline, clock);

        assertThat(job.current().state()).isEqualTo(JobState.COMPLETED);
        assertThat(storage.find(JobOutput.of(job.current().output()).video().mp4())).isPresent();
    }

    @Test
    void aJobCanceledWhileItEncodesStoresNothing() throws Exception {
        job = preview();
        job.runDueStep(pipeline); // the provider's render

        job.runDueStep(pipeline, run -> cancelingAfterFirstChange(run));

        assertThat(job.current().state()).isEqualTo(JobState.CANCELED);
        assertThat(job.step()).isNull();
        assertThat(JobOutput.of(job.current().output()).video()).isNull();
        assertThat(storage.list("videos/")).isEmpty();
    }

    private DetachedJobRun preview() {
        var settings = new VideoSettings(3, "720p", 24, "mp4", false, false);
        var input = new ClipInput(imageId, "images/" + imageId + ".png", settings, FrameSize.forImage(720, 480, 640),
                ScriptedProvider.NAME, 10, new ClipTask.Animate(), null);
        return new DetachedJobRun(VideoPipeline.PREVIEW, "alice", input.json(), ProviderSteps.SUBMIT, dir.resolve("work"), clock);
    }

    /** The local provider's way: the still, moved by ffmpeg, as the clip. */
    private Generation render() {
        GenerationRequest request = provider.submitted.get(provider.submitted.size() - 1);
        try {
            Path clip = Files.createDirectories(request.workDir()).resolve("clip.mp4");
            new StillMotion().render(request.image(), request.size(), request.fps(), request.seconds(), clip);
            return new Generation.Finished(clip.toUri());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The job's hold, the user canceling just after its first change in the step. */
    private JobRun cancelingAfterFirstChange(JobRun run) {
        return new JobRun() {
            @Override
            public JobRecord job() {
                return run.job();
            }

            @Override
            public Path workDir() {
                return run.workDir();
            }

            @Override
            public boolean change(Consumer<JobChange> change) {
                boolean changed = run.change(change);
                job.cancel();
                return changed;
            }
        };
    }

    private Path still(int width, int height) throws Exception {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        Path file = dir.resolve("still.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
