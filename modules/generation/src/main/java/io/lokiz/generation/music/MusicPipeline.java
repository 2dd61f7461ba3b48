package io.lokiz.generation.music;

import io.lokiz.generation.control.ContentCredentials;
import io.lokiz.generation.control.GenerationMetrics;
import io.lokiz.generation.control.GenerationSettings;
import io.lokiz.generation.control.JobOutput;
import io.lokiz.generation.control.JobViews;
import io.lokiz.generation.control.ProviderSteps;
import io.lokiz.generation.control.UploadRetry;
import io.lokiz.generation.control.VideoFiles;
import io.lokiz.generation.control.VideoStore;
import io.lokiz.generation.control.Videos;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Pipeline;
import io.lokiz.media.EncodedVideo;
import io.lokiz.media.MediaException;
import io.lokiz.media.Soundtrack;
import io.lokiz.media.VideoEncoder;
import io.lokiz.media.VideoProbe;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.provenance.Made;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * AI music: {@code SUBMIT} the prompt and {@code POLL} ({@link ProviderSteps}), then {@code STORE}
 * the track (AAC in M4A, its duration read back) and, when a finished video was named, lay it
 * under that video as a new video of the user's; {@code COMPLETE}.
 */
@ApplicationScoped
public class MusicPipeline implements Pipeline {

    public static final String TYPE = "music";
    static final String STORE = "STORE";
    static final String COMPLETE = "COMPLETE";
    static final int STORING = 60;

    private static final Logger LOG = Logger.getLogger(MusicPipeline.class.getName());

    private final ProviderSteps provider;
    private final VideoStore files;
    private final Videos videos;
    private final VideoProbe probe;
    private final Soundtrack soundtrack;
    private final VideoEncoder encoder;
    private final JobViews views;
    private final GenerationSettings settings;
    private final GenerationMetrics metrics;
    private final ContentCredentials credentials;
    private final Clock clock;

    @Inject
    public MusicPipeline(ProviderSteps provider, VideoStore files, Videos videos, VideoProbe probe,
                         Soundtrack soundtrack, VideoEncoder encoder, JobViews views, GenerationSettings settings,
                         GenerationMetrics metrics, ContentCredentials credentials, Clock clock) {
        this.provider = provider;
        this.files = files;
        this.videos = videos;
        this.probe = probe;
        this.soundtrack = soundtrack;
        this.encoder = encoder;
        this.views = views;
        this.settings = settings;
        this.metrics = metrics;
        this.credentials = credentials;
        this.clock = clock;
    }

    protected MusicPipeline() {
        this(null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public String firstStep() {
        return ProviderSteps.SUBMIT;
    }

    @Override
    public Object present(JobRecord job) {
        return views.ofAiJob(job);
    }

    @Override
    public void run(String step, JobRun run) {
        MusicInput input = MusicInput.of(run.job().input());
        try (var log = ProviderSteps.logContext(run)) {
            switch (step) {
                case ProviderSteps.SUBMIT -> provider.submit(run, input.provider(), () -> new GenerationRequest(run.job().id().toString(),
                        new Task.Music(input.prompt()), null, null, null, 0, input.duration(), ProviderSteps.attemptDir(run)), STORE);
                case ProviderSteps.POLL -> provider.poll(run, input.provider(), STORE);
                case STORE -> store(run, input);
                case COMPLETE -> provider.complete(run);
                default -> throw new IllegalStateException("music has no step " + step);
            }
        }
    }

    private void store(JobRun run, MusicInput input) {
        Path provided = provider.result(run, "provided.audio", Set.of("audio/", "application/octet-stream"), STORE).orElse(null);
        if (provided == null) {
            return;
        }
        if (!run.change(j -> {
            j.enter(JobState.UPLOADING);
            j.advance(STORING);
        })) {
            return;
        }
        JobRecord job = run.job();
        UUID id = UUID.nameUUIDFromBytes(("track:" + job.id()).getBytes(StandardCharsets.UTF_8));
        try {
            // Whatever the provider made (bark: WAV), it is kept as AAC, no longer than was asked.
            Path track = run.workDir().resolve("track.m4a");
            soundtrack.track(provided, input.duration(), track); // a new file each time, so signing it again is safe
            double duration = probe.duration(track);
            String model = JobOutput.of(job.output()).model();
            JsonObject trackSigned = credentials.signTrack(track, credentials.made(job, input.provider(), model, List.of(), null, input.prompt()));
            String key = files.storeTrack(id, track);
            Optional<Scored> scored = input.video() == null ? Optional.empty() : Optional.of(score(run, input.video(), track, model, input));
            // Every manifest of the job's outputs: the track's, and the new video's if there is one.
            JsonObject signed = scored.map(v -> Json.createObjectBuilder(trackSigned).addAll(Json.createObjectBuilder(v.signed())).build())
                    .orElse(trackSigned);
            run.change(j -> {
                videos.addTrack(id, job.id(), job.owner(), key, duration, clock.instant()); // with the job's change, or not at all
                JobOutput out = JobOutput.of(j.output()).withTrack(key, duration).withCredentials(signed);
                if (scored.isPresent()) {
                    videos.add(job.id(), job.owner(), scored.get().files(), scored.get().signed(), clock.instant()); // likewise
                    out = out.withVideo(scored.get().files());
                }
                j.record(out.json());
                j.next(COMPLETE, clock.instant());
            });
        } catch (MediaException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": music could not be laid or read: " + e.getMessage());
            run.change(j -> j.fail("The music could not be laid under the video", clock.instant()));
        } catch (IOException | RuntimeException e) {
            UploadRetry.schedule(run, STORE, e, settings, metrics, clock);
        }
    }

    /** A video stored with what its manifest says. */
    private record Scored(VideoFiles files, JsonObject signed) {
    }

    /**
     * The finished video with the track laid under it, stored as a new video of the user's. Its
     * manifest names the video it was made from and the music as an edit; the thumbnail is the
     * source's, already signed by the job that made it.
     */
    private Scored score(JobRun run, VideoFiles video, Path track, String model, MusicInput input) throws IOException {
        Path source = files.localCopy(video.mp4(), run.workDir(), "scored-source");
        Path thumbnail = files.localCopy(video.thumbnail(), run.workDir(), "scored-thumbnail");
        Path scored = run.workDir().resolve("scored.mp4");
        soundtrack.lay(source, track, video.duration(), scored);
        JsonObject signed = credentials.signVideo(scored,
                credentials.made(run.job(), input.provider(), model, List.of(Made.Edit.MUSIC), source, input.prompt()));
        UUID id = UUID.nameUUIDFromBytes(("video:" + run.job().id()).getBytes(StandardCharsets.UTF_8));
        return new Scored(files.store(id, new EncodedVideo(scored, thumbnail, Optional.empty(), Optional.empty(), encoder.inspect(scored))),
                signed);
    }
}
