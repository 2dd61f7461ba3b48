package io.lokiz.generation.music;

import io.lokiz.generation.control.ContentCredentials;
import io.lokiz.generation.control.FlakyStorage;
import io.lokiz.generation.control.GenerationSettings;
import io.lokiz.generation.control.JobOutput;
import io.lokiz.generation.control.JobTypes;
import io.lokiz.generation.control.JobViews;
import io.lokiz.generation.control.ProviderSteps;
import io.lokiz.generation.control.QuietMetrics;
import io.lokiz.generation.control.Runs;
import io.lokiz.generation.control.ScriptedProvider;
import io.lokiz.generation.control.VideoFiles;
import io.lokiz.generation.control.VideoStore;
import io.lokiz.generation.control.Videos;
import io.lokiz.jobs.DetachedJobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.media.Branding;
import io.lokiz.media.EncodeSpec;
import io.lokiz.media.FrameSize;
import io.lokiz.media.MusicSynth;
import io.lokiz.media.Soundtrack;
import io.lokiz.media.StillMotion;
import io.lokiz.media.VideoEncoder;
import io.lokiz.media.VideoProbe;
import io.lokiz.providers.Generation;
import io.lokiz.provenance.Credentials;
import io.lokiz.provenance.Provenance;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.testing.MutableClock;
import io.lokiz.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.sql.DataSource;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * AI music without a server: the provider's audio (synthesised by ffmpeg, as the local provider
 * does) kept as AAC of the asked length, alone or laid under a finished video as a new video;
 * a store that is down keeps the track for the next try.
 */
class MusicPipelineTest {

    @TempDir
    Path dir;

    static DataSource database;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final GenerationSettings settings = new GenerationSettings(5, 60, 4, 2, Branding.Corner.BOTTOM_RIGHT, 300);
    final ScriptedProvider provider = new ScriptedProvider();
    final VideoEncoder encoder = new VideoEncoder();
    FlakyStorage storage;
    VideoStore files;
    Videos videos;
    MusicPipeline pipeline;
    DetachedJobRun job;

    @BeforeAll
    static void aDatabase() {
        database = TestDatabase.freshDatabase().dataSource();
    }

    @BeforeEach
    void aProviderThatSynthesisesMusic() {
        storage = new FlakyStorage(dir.resolve("store"), clock);
        files = new VideoStore(storage);
        videos = new Videos(database);
        pipeline = new MusicPipeline(provider.steps(settings, clock), files, videos, new VideoProbe(), new Soundtrack(), encoder,
                new JobViews(files, JobTypes.of()), settings, new QuietMetrics(),
                new ContentCredentials(new Provenance(Optional.empty(), Optional.empty(), dir.toString(), clock), false), clock);
        provider.onSubmit(() -> {
            GenerationRequest request = provider.submitted.get(provider.submitted.size() - 1);
            try { // as the local provider makes it
                Path audio = Files.createDirectories(request.workDir()).resolve("generated.m4a");
                new MusicSynth().render(request.task().toString(), request.seconds(), audio);
                return new Generation.Finished(audio.toUri());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aTrackIsKeptAsAacOfTheAskedLength() throws Exception {
        job = music(new MusicInput(ScriptedProvider.NAME, 5, "upbeat electronic beat", 4, null));

        Runs.toTheEnd(job, pipeline, clock);

        assertThat(job.current().state()).isEqualTo(JobState.COMPLETED);
        JobOutput output = JobOutput.of(job.current().output());
        assertThat(output.track()).endsWith(".m4a");
        assertThat(storage.find(output.track())).isPresent();
        assertThat(output.trackDuration()).isCloseTo(4.0, within(0.2));
        Credentials track = ContentCredentials.of(output.credentials().getJsonObject("track"));
        assertThat(track.format()).isEqualTo("audio/mp4");
        assertThat(track.digitalSourceType()).isEqualTo(Credentials.TRAINED_ALGORITHMIC_MEDIA);
        assertThat(output.video()).isNull();
    }

    @Test
    void aTrackLaidUnderAFinishedVideoMakesANewVideoOfThatVideosLength() throws Exception {
        VideoFiles finished = finishedVideo(3);
        job = music(new MusicInput(ScriptedProvider.NAME, 5, "calm piano", 10, finished));

        Runs.toTheEnd(job, pipeline, clock);

        VideoFiles scored = JobOutput.of(job.current().output()).video();
        assertThat(scored.id()).isNotEqualTo(finished.id());
        assertThat(scored.duration()).isCloseTo(3.0, within(0.2));
        assertThat(storage.find(scored.mp4())).isPresent();
        assertThat(videos.find(scored.id(), "alice")).contains(scored);
        Credentials laid = ContentCredentials.of(videos.credentials(scored.id(), "alice").orElseThrow().getJsonObject("mp4"));
        assertThat(laid.actions()).as("the music is an edit of the video").containsExactly("c2pa.created", "c2pa.edited");
        assertThat(laid.digitalSourceType()).isEqualTo(Credentials.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
        assertThat(laid.inputFormat()).as("made from the finished video").isEqualTo("video/mp4");
    }

    @Test
    void aStoreOutageKeepsTheTrackForTheNextTry() throws Exception {
        job = music(new MusicInput(ScriptedProvider.NAME, 5, "sad strings", 2, null));
        storage.down = true;
        while (!JobState.UPLOADING.equals(job.current().state())) {
            assertThat(job.runDueStep(pipeline)).isTrue();
        }
        assertThat(JobOutput.of(job.current().output()).uploadRetry().failures()).isEqualTo(1);

        storage.down = false;
        Runs.toTheEnd(job, pipeline, clock);

        assertThat(job.current().state()).isEqualTo(JobState.COMPLETED);
        assertThat(provider.submitted).as("the provider is not asked again").hasSize(1);
    }

    private DetachedJobRun music(MusicInput input) {
        return new DetachedJobRun(MusicPipeline.TYPE, "alice", input.json(), ProviderSteps.SUBMIT, dir.resolve("work"), clock);
    }

    /** A finished video of the user's, made as a preview's would be. */
    private VideoFiles finishedVideo(int seconds) throws Exception {
        Path still = dir.resolve("still.png");
        ImageIO.write(new BufferedImage(480, 640, BufferedImage.TYPE_INT_RGB), "png", still.toFile());
        FrameSize frame = FrameSize.forImage(720, 480, 640);
        Path clip = dir.resolve("clip.mp4");
        new StillMotion().render(still, frame, 24, seconds, clip);
        var encoded = encoder.encode(clip, new EncodeSpec(frame, 24, seconds, 2000, false, false), Files.createDirectories(dir.resolve("out")),
                percent -> { });
        VideoFiles video = files.store(UUID.randomUUID(), encoded);
        videos.add(UUID.randomUUID(), "alice", video, null, clock.instant());
        return video;
    }
}
