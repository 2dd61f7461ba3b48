package io.lokiz.generation.control;

import io.lokiz.fetch.FetchRefused;
import io.lokiz.fetch.GuardedFetcher;
import io.lokiz.jobs.JobChange;
import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Pipeline;
import io.lokiz.kernel.Directories;
import io.lokiz.media.EncodeSpec;
import io.lokiz.media.EncodedVideo;
import io.lokiz.media.MediaException;
import io.lokiz.media.VideoEncoder;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The image-to-video preview as a pipeline: {@code SUBMIT} the image to the provider, {@code POLL}
 * until its clip is ready (its webhook makes the poll due at once), {@code ENCODE} the deliverables,
 * {@code UPLOAD} them, {@code COMPLETE}. Each step is safe to run again; a step whose local inputs
 * are gone (another node made them) goes back to the step that makes them.
 */
@ApplicationScoped
public class VideoPreview implements Pipeline {

    /** The job type, also the price list entry. */
    public static final String TYPE = "video_preview";
    static final String SUBMIT = "SUBMIT";
    static final String POLL = "POLL";
    static final String ENCODE = "ENCODE";
    static final String UPLOAD = "UPLOAD";
    static final String COMPLETE = "COMPLETE";
    /** Progress points at which each phase starts; encoding fills the span up to {@link #ENCODED}. */
    static final int SUBMITTED = 5;
    static final int GENERATED = 40;
    static final int ENCODING = 45;
    static final int ENCODED = 85;
    static final int UPLOADING = 90;

    private static final Logger LOG = Logger.getLogger(VideoPreview.class.getName());

    private final VideoProviders providers;
    private final VideoEncoder encoder;
    private final VideoStore files;
    private final GuardedFetcher fetcher;
    private final Videos videos;
    private final JobViews views;
    private final GenerationSettings settings;
    private final Clock clock;

    @Inject
    public VideoPreview(VideoProviders providers, VideoEncoder encoder, VideoStore files, GuardedFetcher fetcher, Videos videos,
                        JobViews views, GenerationSettings settings, Clock clock) {
        this.providers = providers;
        this.encoder = encoder;
        this.files = files;
        this.fetcher = fetcher;
        this.videos = videos;
        this.views = views;
        this.settings = settings;
        this.clock = clock;
    }

    protected VideoPreview() {
        this(null, null, null, null, null, null, null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String firstStep() {
        return SUBMIT;
    }

    @Override
    public Object present(JobRecord job) {
        return views.of(job);
    }

    @Override
    public void run(String step, JobRun run) {
        switch (step) {
            case SUBMIT -> submit(run);
            case POLL -> poll(run);
            case ENCODE -> encode(run);
            case UPLOAD -> upload(run);
            case COMPLETE -> complete(run);
            default -> throw new IllegalStateException("video_preview has no step " + step);
        }
    }

    private void submit(JobRun run) {
        PreviewInput input = PreviewInput.of(run.job().input());
        Generation generation;
        try {
            Path image = files.localCopy(input.imageKey(), run.workDir());
            boolean started = run.change(j -> {
                j.enter(JobState.GENERATING);
                j.startAttempt(clock.instant());
                j.record(JsonObject.EMPTY_JSON_OBJECT); // a new attempt forgets the last one's request and clip
                j.advance(SUBMITTED);
            });
            if (!started) {
                return;
            }
            VideoSettings s = input.settings();
            generation = providers.named(input.provider()).submit(new GenerationRequest(run.job().id().toString(), image,
                    files.publicUrl(input.imageKey()), input.frame(), s.fps(), s.duration(), run.workDir()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "job " + run.job().id() + ": submission failed", e);
            generation = new Generation.Failed("the video provider could not be reached");
        }
        follow(run, input.provider(), generation);
    }

    private void poll(JobRun run) {
        String provider = PreviewInput.of(run.job().input()).provider();
        String requestId = run.job().output().getString("requestId");
        Generation generation;
        try {
            generation = providers.named(provider).poll(requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + run.job().id() + ": poll failed", e);
            generation = new Generation.Running(requestId); // a failed poll is retried; the timeout still applies
        }
        follow(run, provider, generation);
    }

    /** Moves the job on from what the provider said. */
    private void follow(JobRun run, String provider, Generation generation) {
        Instant now = clock.instant();
        if (generation instanceof Generation.Finished finished) {
            run.change(j -> {
                j.record(with(j.output(), "clip", finished.video().toString()));
                j.advance(GENERATED);
                j.next(ENCODE, now);
            });
        } else if (generation instanceof Generation.Running running) {
            run.change(j -> {
                if (j.attemptTimedOut(now, settings.timeout())) {
                    retryOrFail(j, "generation timed out after " + settings.timeout().toSeconds() + " s", now);
                } else {
                    j.record(with(j.output(), "requestId", running.requestId()));
                    j.await(provider + ":" + running.requestId(), POLL, now.plus(settings.providerPoll()));
                }
            });
        } else {
            run.change(j -> retryOrFail(j, ((Generation.Failed) generation).reason(), now));
        }
    }

    private void retryOrFail(JobChange job, String reason, Instant now) {
        job.attemptFailed(reason, settings.maxAttempts(), SUBMIT, now.plus(settings.backoffAfter(job.attempts())), now);
    }

    private void encode(JobRun run) {
        Path clip;
        try {
            clip = clipOf(run);
        } catch (FetchRefused e) {
            LOG.warning("job " + run.job().id() + ": provider result refused: " + e.getMessage());
            run.change(j -> j.fail("the provider's result could not be fetched: " + e.getMessage(), clock.instant()));
            return;
        } catch (IOException e) {
            LOG.warning("job " + run.job().id() + ": provider result not fetched, retrying: " + e.getMessage());
            run.change(j -> j.next(ENCODE, clock.instant().plus(settings.backoffAfter(2))));
            return;
        }
        if (clip == null) {
            run.change(j -> j.redoAttempt(SUBMIT, clock.instant()));
            return;
        }
        if (!run.change(j -> {
            j.enter(JobState.ENCODING);
            j.advance(ENCODING);
        })) {
            return;
        }
        PreviewInput input = PreviewInput.of(run.job().input());
        VideoSettings s = input.settings();
        var spec = new EncodeSpec(input.frame(), s.fps(), s.duration(), s.bitrateKbps(), s.format().equals("webm"), s.enableHLS());
        var progress = new EncodeProgress(run);
        try {
            encoder.encode(clip, spec, outputDir(run), progress::encoded);
        } catch (MediaException e) {
            LOG.log(Level.WARNING, "job " + run.job().id() + ": encoding failed: " + e.getMessage());
            run.change(j -> j.fail("encoding failed: " + e.getMessage(), clock.instant()));
            return;
        }
        run.change(j -> {
            j.advance(ENCODED);
            j.next(UPLOAD, clock.instant());
        });
    }

    private void upload(JobRun run) {
        EncodedVideo encoded = encoder.encoded(outputDir(run)).orElse(null);
        if (encoded == null) { // encoded on another node, or lost: encode again here
            run.change(j -> j.next(ENCODE, clock.instant()));
            return;
        }
        if (!run.change(j -> {
            j.enter(JobState.UPLOADING);
            j.advance(UPLOADING);
        })) {
            return;
        }
        JobRecord job = run.job();
        // The video id follows from the job id, so a repeated upload overwrites the same keys.
        UUID videoId = UUID.nameUUIDFromBytes(("video:" + job.id()).getBytes(StandardCharsets.UTF_8));
        try {
            VideoFiles stored = files.store(videoId, encoded);
            run.change(j -> {
                videos.add(job.id(), job.owner(), stored, clock.instant()); // with the job's change, or not at all
                j.record(with(j.output(), "video", stored.json()));
                j.next(COMPLETE, clock.instant());
            });
        } catch (IOException | RuntimeException e) {
            // Spec REQ-UW-004: the files stay in local temp and the upload is tried again later.
            LOG.log(Level.WARNING, "job " + job.id() + ": upload failed, retrying", e);
            run.change(j -> j.next(UPLOAD, clock.instant().plus(settings.backoffAfter(3))));
        }
    }

    private void complete(JobRun run) {
        if (run.change(j -> j.complete(clock.instant()))) {
            try {
                Directories.delete(run.workDir());
            } catch (IOException e) {
                LOG.fine("job " + run.job().id() + ": scratch files stay for housekeeping: " + e.getMessage());
            }
        }
    }

    /**
     * The provider's clip on this node: a local render, or a provider's URL fetched through the
     * SSRF guard. Null when a local render is not here (it was made on another node).
     */
    private Path clipOf(JobRun run) throws IOException, FetchRefused {
        String result = run.job().output().getString("clip", null);
        if (result == null) {
            return null;
        }
        if (result.startsWith("file:")) {
            Path clip = Path.of(URI.create(result));
            return Files.isRegularFile(clip) ? clip : null;
        }
        Path clip = run.workDir().resolve("provided.mp4");
        if (!Files.isRegularFile(clip)) {
            fetcher.fetch(result, Set.of("video/", "application/octet-stream"), clip);
        }
        return clip;
    }

    private static Path outputDir(JobRun run) {
        return run.workDir().resolve("out");
    }

    private static JsonObject with(JsonObject output, String name, Object value) {
        var copy = Json.createObjectBuilder(output);
        if (value instanceof JsonObject json) {
            copy.add(name, json);
        } else {
            copy.add(name, value.toString());
        }
        return copy.build();
    }

    /** Turns ffmpeg's percent into job progress, committing only steps of five points. */
    private static final class EncodeProgress {
        private final JobRun run;
        private int last = -1;

        EncodeProgress(JobRun run) {
            this.run = run;
        }

        void encoded(int percent) {
            int progress = ENCODING + (ENCODED - ENCODING) * percent / 100;
            if (progress >= last + 5) {
                last = progress;
                run.change(j -> j.advance(progress));
            }
        }
    }
}
