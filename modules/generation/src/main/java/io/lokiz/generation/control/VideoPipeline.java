package io.lokiz.generation.control;

import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobRun;
import io.lokiz.jobs.JobState;
import io.lokiz.jobs.Pipeline;
import io.lokiz.media.Branding;
import io.lokiz.media.EncodeSpec;
import io.lokiz.media.EncodedVideo;
import io.lokiz.media.MediaException;
import io.lokiz.media.VideoEncoder;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.provenance.Made;
import jakarta.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every job that makes a video from a still: the image-to-video preview, the plan's motion
 * templates and its glitch animate and replace. {@code SUBMIT} to the provider and {@code POLL}
 * ({@link ProviderSteps}), {@code ENCODE} the deliverables, {@code UPLOAD} them, {@code COMPLETE}.
 * Each step is safe to run again; a step whose local inputs are gone (another node made them)
 * goes back to the step that makes them.
 */
@ApplicationScoped
public class VideoPipeline implements Pipeline {

    /** The job types, also their price list entries. */
    public static final String PREVIEW = "video_preview";
    public static final String TEMPLATE = "i2v_template";
    public static final String GLITCH_ANIMATE = "glitch_animate";
    public static final String GLITCH_REPLACE = "glitch_replace";
    static final String ENCODE = "ENCODE";
    static final String UPLOAD = "UPLOAD";
    static final String COMPLETE = "COMPLETE";
    /** Progress points at which each later phase starts; encoding fills the span up to {@link #ENCODED}. */
    static final int ENCODING = 45;
    static final int ENCODED = 85;
    static final int UPLOADING = 90;

    private static final Logger LOG = Logger.getLogger(VideoPipeline.class.getName());

    private final ProviderSteps provider;
    private final VideoEncoder encoder;
    private final VideoStore files;
    private final Videos videos;
    private final JobViews views;
    private final Brandings brandings;
    private final GenerationSettings settings;
    private final GenerationMetrics metrics;
    private final ContentCredentials credentials;
    private final VisibleLabel label;
    private final Clock clock;

    @Inject
    public VideoPipeline(ProviderSteps provider, VideoEncoder encoder, VideoStore files, Videos videos, JobViews views,
                         Brandings brandings, GenerationSettings settings, GenerationMetrics metrics, ContentCredentials credentials,
                         VisibleLabel label, Clock clock) {
        this.provider = provider;
        this.encoder = encoder;
        this.files = files;
        this.videos = videos;
        this.views = views;
        this.brandings = brandings;
        this.settings = settings;
        this.metrics = metrics;
        this.credentials = credentials;
        this.label = label;
        this.clock = clock;
    }

    protected VideoPipeline() {
        this(null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public Set<String> types() {
        return Set.of(PREVIEW, TEMPLATE, GLITCH_ANIMATE, GLITCH_REPLACE);
    }

    @Override
    public String firstStep() {
        return ProviderSteps.SUBMIT;
    }

    /** Previews keep the spec's view at {@code /api/video/status}; the plan's jobs show the plan's. */
    @Override
    public Object present(JobRecord job) {
        return job.type().equals(PREVIEW) ? views.of(job) : views.ofAiJob(job);
    }

    @Override
    public void run(String step, JobRun run) {
        ClipInput input = ClipInput.of(run.job().input());
        try (var log = ProviderSteps.logContext(run)) {
            switch (step) {
                case ProviderSteps.SUBMIT -> provider.submit(run, input.provider(), () -> request(run, input), ENCODE);
                case ProviderSteps.POLL -> provider.poll(run, input.provider(), ENCODE);
                case ENCODE -> encode(run, input);
                case UPLOAD -> upload(run);
                case COMPLETE -> provider.complete(run);
                default -> throw new IllegalStateException(run.job().type() + " has no step " + step);
            }
        }
    }

    /** What the provider is asked: the still, the frame, and the type's task. */
    private GenerationRequest request(JobRun run, ClipInput input) throws IOException {
        Path image = files.localCopy(input.imageKey(), run.workDir(), "image");
        Task task;
        if (input.task() instanceof ClipTask.Template t) {
            task = new Task.Template(t.template(), t.motion(), t.prompt());
        } else if (input.task() instanceof ClipTask.Glitch g) {
            Path template = files.localCopy(g.templateKey(), run.workDir(), "template");
            task = run.job().type().equals(GLITCH_REPLACE) ? new Task.GlitchReplace(template, files.publicUrl(g.templateKey()), g.prompt())
                    : new Task.GlitchAnimate(template, files.publicUrl(g.templateKey()), g.prompt());
        } else {
            task = new Task.Animate();
        }
        VideoSettings s = input.settings();
        return new GenerationRequest(run.job().id().toString(), task, image, files.publicUrl(input.imageKey()), input.frame(),
                s.fps(), s.duration(), ProviderSteps.attemptDir(run));
    }

    private void encode(JobRun run, ClipInput input) {
        Path clip = provider.result(run, "provided.mp4", Set.of("video/", "application/octet-stream"), ENCODE).orElse(null);
        if (clip == null) {
            return;
        }
        if (!run.change(j -> {
            j.enter(JobState.ENCODING);
            j.advance(ENCODING);
        })) {
            return;
        }
        VideoSettings s = input.settings();
        var plain = new EncodeSpec(input.frame(), s.fps(), s.duration(), s.bitrateKbps(), s.format().equals("webm"), s.enableHLS());
        VisibleLabel.Setting labelled = label.current();
        EncodeSpec spec = labelled.enabled() ? plain.withAiLabel(labelled.corner()) : plain;
        var progress = new EncodeProgress(run);
        JsonObject signed;
        try {
            long started = System.nanoTime();
            Branding brand = s.enableBranding() ? branding(run) : null;
            EncodedVideo made = encoder.encode(clip, spec, brand, outputDir(run), progress::encoded);
            metrics.encoded(run.job().type(), Duration.ofNanos(System.nanoTime() - started));
            signed = credentials.sign(made, credentials.made(run.job(), input.provider(), JobOutput.of(run.job().output()).model(),
                    edits(brand, spec.aiLabel() != null), files.localCopy(input.imageKey(), run.workDir(), "image"), prompt(input.task())));
        } catch (IOException e) {
            LOG.warning("job " + run.job().id() + ": brand or input files not copied, retrying: " + e.getMessage());
            run.change(j -> j.next(ENCODE, clock.instant().plus(settings.backoffAfter(2))));
            return;
        } catch (MediaException e) {
            LOG.log(Level.WARNING, "job " + run.job().id() + ": encoding failed: " + e.getMessage());
            run.change(j -> j.fail("The generated video could not be encoded", clock.instant()));
            return;
        }
        run.change(j -> {
            j.record(JobOutput.of(j.output()).withCredentials(signed).json());
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
                JobOutput out = JobOutput.of(j.output());
                videos.add(job.id(), job.owner(), stored, out.credentials(), clock.instant()); // with the job's change, or not at all
                j.record(out.withVideo(stored).json());
                j.next(COMPLETE, clock.instant());
            });
        } catch (IOException | RuntimeException e) {
            UploadRetry.schedule(run, UPLOAD, e, settings, metrics, clock);
        }
    }

    /** What the brand and the visible label added, for the manifest: any of it makes the video a composite. */
    private static List<Made.Edit> edits(Branding brand, boolean labelled) {
        List<Made.Edit> edits = new ArrayList<>();
        if (labelled) {
            edits.add(Made.Edit.LABEL);
        }
        if (brand != null && brand.intro() != null) {
            edits.add(Made.Edit.INTRO);
        }
        if (brand != null && brand.outro() != null) {
            edits.add(Made.Edit.OUTRO);
        }
        if (brand != null && brand.watermark() != null) {
            edits.add(Made.Edit.WATERMARK);
        }
        return edits;
    }

    private static String prompt(ClipTask task) {
        if (task instanceof ClipTask.Template t) {
            return t.prompt();
        }
        return task instanceof ClipTask.Glitch g ? g.prompt() : null;
    }

    /** The brand as it stands now, its files copied into the job's scratch directory. */
    private Branding branding(JobRun run) throws IOException {
        Map<Brandings.Kind, Brandings.Asset> on = brandings.enabled();
        Brandings.Asset mark = on.get(Brandings.Kind.WATERMARK);
        Path watermark = mark == null ? null : files.localCopy(mark.storageKey(), run.workDir(), "brand-watermark");
        return new Branding(part(run, on.get(Brandings.Kind.INTRO)), part(run, on.get(Brandings.Kind.OUTRO)), watermark,
                settings.watermarkCorner());
    }

    private Branding.Part part(JobRun run, Brandings.Asset asset) throws IOException {
        if (asset == null) {
            return null;
        }
        Path clip = files.localCopy(asset.storageKey(), run.workDir(), "brand-" + asset.kind().name().toLowerCase());
        return new Branding.Part(clip, asset.seconds(), asset.hasAudio());
    }

    private static Path outputDir(JobRun run) {
        return run.workDir().resolve("out");
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
