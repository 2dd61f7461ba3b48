package io.lokiz.jobs.control;

import io.lokiz.jobs.entity.Image;
import io.lokiz.jobs.entity.Job;
import io.lokiz.jobs.entity.JobStep;
import io.lokiz.jobs.entity.Video;
import io.lokiz.jobs.entity.VideoFiles;
import io.lokiz.jobs.entity.VideoSettings;
import io.lokiz.media.EncodeSpec;
import io.lokiz.media.FrameSize;
import io.lokiz.media.MediaException;
import io.lokiz.media.VideoEncoder;
import io.lokiz.media.VideoMetadata;
import io.lokiz.providers.FetchRefused;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GuardedFetcher;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.VideoProviders;
import io.lokiz.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Runs a leased job's steps one after another for as long as the next one is due at once,
 * committing after each. Heavy work (provider calls, ffmpeg, uploads) happens outside any
 * transaction; a step whose local inputs are gone (another node made them) goes back to the
 * step that makes them.
 */
@ApplicationScoped
public class StepRunner {

    private static final Logger LOG = Logger.getLogger(StepRunner.class.getName());

    private final JobQueue queue;
    private final VideoProviders providers;
    private final VideoEncoder encoder;
    private final Storage storage;
    private final EngineSettings settings;
    private final GuardedFetcher fetcher;
    private final Clock clock;

    @Inject
    public StepRunner(JobQueue queue, VideoProviders providers, VideoEncoder encoder, Storage storage,
                      EngineSettings settings, GuardedFetcher fetcher, Clock clock) {
        this.queue = queue;
        this.providers = providers;
        this.encoder = encoder;
        this.storage = storage;
        this.settings = settings;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    protected StepRunner() {
        this(null, null, null, null, null, null, null);
    }

    /** Tells the provider to stop a canceled job's generation, after the cancel committed; best effort. */
    void onCanceled(@jakarta.enterprise.event.Observes(during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS) JobCanceled canceled) {
        try {
            providers.named(canceled.provider()).cancel(canceled.requestId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + canceled.jobId() + ": the provider was not told of the cancel", e);
        }
    }

    /** Runs the job's due steps while {@code owner} holds its lease. */
    public void run(UUID id, String owner) {
        boolean again = true;
        while (again) {
            Job job = queue.leased(id, owner).orElse(null);
            if (job == null || job.step() == null || job.runAt().isAfter(clock.instant())) {
                return;
            }
            again = switch (job.step()) {
                case SUBMIT -> submit(job, owner);
                case POLL -> poll(job, owner);
                case ENCODE -> encode(job, owner);
                case UPLOAD -> upload(job, owner);
                case COMPLETE -> complete(job, owner);
            };
        }
    }

    private boolean submit(Job job, String owner) {
        Image image = queue.image(job.imageId()).orElseThrow();
        Path work = settings.workDir(job.id());
        VideoSettings s = job.settings();
        Generation generation;
        try {
            Path input = localCopy(image, work);
            if (!queue.change(job.id(), owner, j -> j.startGeneration(clock.instant()))) {
                return false;
            }
            var request = new GenerationRequest(job.id().toString(), input, storage.publicUrl(image.storageKey()),
                    FrameSize.forImage(s.shortSide(), image.width(), image.height()), s.fps(), s.duration(), work);
            generation = providers.named(job.provider()).submit(request);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": submission failed", e);
            generation = new Generation.Failed("the video provider could not be reached");
        }
        return follow(job, owner, generation);
    }

    private boolean poll(Job job, String owner) {
        Generation generation;
        try {
            generation = providers.named(job.provider()).poll(job.providerRequestId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": poll failed", e);
            generation = new Generation.Running(job.providerRequestId()); // a failed poll is retried; the timeout still applies
        }
        return follow(job, owner, generation);
    }

    /** Moves the job on from what the provider said; true when the next step is due at once. */
    private boolean follow(Job job, String owner, Generation generation) {
        Instant now = clock.instant();
        if (generation instanceof Generation.Finished finished) {
            return queue.change(job.id(), owner, j -> j.generated(finished.video(), now));
        }
        if (generation instanceof Generation.Running running) {
            if (job.generationTimedOut(now, settings.generationTimeout())) {
                return retryOrFail(job, owner, "generation timed out after " + settings.generationTimeout().toSeconds() + " s");
            }
            queue.change(job.id(), owner, j -> {
                j.generationRunning(running.requestId(), now.plus(settings.providerPoll()));
                j.releaseLease();
            });
            return false;
        }
        return retryOrFail(job, owner, ((Generation.Failed) generation).reason());
    }

    private boolean retryOrFail(Job job, String owner, String reason) {
        Instant now = clock.instant();
        queue.change(job.id(), owner, j -> {
            j.generationFailed(reason, settings.maxAttempts(), now.plus(settings.backoffAfter(j.attempts())), now);
            j.releaseLease();
        });
        return false;
    }

    private boolean encode(Job job, String owner) {
        Path clip;
        try {
            clip = clipOf(job);
        } catch (FetchRefused e) {
            LOG.warning("job " + job.id() + ": provider result refused: " + e.getMessage());
            queue.change(job.id(), owner, j -> j.fail("the provider's result could not be fetched: " + e.getMessage(), clock.instant()));
            return false;
        } catch (IOException e) {
            LOG.warning("job " + job.id() + ": provider result not fetched, retrying: " + e.getMessage());
            queue.change(job.id(), owner, j -> {
                j.park(JobStep.ENCODE, clock.instant().plus(settings.backoffAfter(2)));
                j.releaseLease();
            });
            return false;
        }
        if (clip == null) {
            return queue.change(job.id(), owner, j -> j.regenerate(clock.instant()));
        }
        if (!queue.change(job.id(), owner, Job::startEncoding)) {
            return false;
        }
        Image image = queue.image(job.imageId()).orElseThrow();
        VideoSettings s = job.settings();
        var spec = new EncodeSpec(FrameSize.forImage(s.shortSide(), image.width(), image.height()), s.fps(), s.duration(),
                s.bitrateKbps(), s.format().equals("webm"), s.enableHLS());
        var reporter = new ProgressReporter(job.id(), owner);
        try {
            encoder.encode(clip, spec, outputDir(job), reporter::encoded);
        } catch (MediaException e) {
            LOG.log(Level.WARNING, "job " + job.id() + ": encoding failed: " + e.getMessage());
            queue.change(job.id(), owner, j -> j.fail("encoding failed: " + e.getMessage(), clock.instant()));
            return false;
        }
        return queue.change(job.id(), owner, j -> j.encoded(clock.instant()));
    }

    private boolean upload(Job job, String owner) {
        Path out = outputDir(job);
        Path mp4 = out.resolve("video.mp4");
        if (!Files.isRegularFile(mp4)) {
            return queue.change(job.id(), owner, j -> j.park(JobStep.ENCODE, clock.instant()));
        }
        if (!queue.change(job.id(), owner, Job::startUploading)) {
            return false;
        }
        // The video id follows from the job id, so a repeated upload overwrites the same keys.
        UUID videoId = UUID.nameUUIDFromBytes(("video:" + job.id()).getBytes(StandardCharsets.UTF_8));
        String prefix = "videos/" + videoId + "/";
        try {
            VideoMetadata metadata = encoder.inspect(mp4);
            String webm = putIfPresent(out.resolve("video.webm"), prefix + "video.webm");
            String hls = putTree(out.resolve("hls"), prefix + "hls", "index.m3u8");
            String thumbnail = put(out.resolve("thumbnail.jpg"), prefix + "thumbnail.jpg");
            String video = put(mp4, prefix + "video.mp4");
            var files = new VideoFiles(video, webm, hls, thumbnail, metadata.duration(), metadata.size(),
                    metadata.width(), metadata.height());
            return queue.storeVideo(job.id(), owner, new Video(videoId, job.id(), job.owner(), files, clock.instant()));
        } catch (IOException | RuntimeException e) {
            // Spec REQ-UW-004: the files stay in local temp and the upload is tried again later.
            LOG.log(Level.WARNING, "job " + job.id() + ": upload failed, retrying", e);
            queue.change(job.id(), owner, j -> {
                j.park(JobStep.UPLOAD, clock.instant().plus(settings.backoffAfter(3)));
                j.releaseLease();
            });
            return false;
        }
    }

    private boolean complete(Job job, String owner) {
        boolean done = queue.change(job.id(), owner, j -> j.complete(clock.instant()));
        if (done) {
            deleteQuietly(settings.workDir(job.id()));
        }
        return false;
    }

    private Path localCopy(Image image, Path work) throws IOException {
        Files.createDirectories(work);
        Path input = work.resolve("input." + image.storageKey().substring(image.storageKey().lastIndexOf('.') + 1));
        if (!Files.exists(input)) {
            try (InputStream in = storage.open(image.storageKey())) {
                Path partial = Files.createTempFile(work, "input", ".part");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, input, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return input;
    }

    /**
     * The provider's clip on this node: a local render, or a provider's URL fetched through the
     * SSRF guard. Null when a local render is not here (it was made on another node).
     */
    private Path clipOf(Job job) throws IOException, FetchRefused {
        String result = job.providerResult();
        if (result == null) {
            return null;
        }
        if (result.startsWith("file:")) {
            Path clip = Path.of(URI.create(result));
            return Files.isRegularFile(clip) ? clip : null;
        }
        Path clip = settings.workDir(job.id()).resolve("provided.mp4");
        if (!Files.isRegularFile(clip)) {
            fetcher.fetch(result, Set.of("video/", "application/octet-stream"), clip);
        }
        return clip;
    }

    private Path outputDir(Job job) {
        return settings.workDir(job.id()).resolve("out");
    }

    private String put(Path file, String key) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            storage.put(key, in);
        }
        return key;
    }

    private String putIfPresent(Path file, String key) throws IOException {
        return Files.isRegularFile(file) ? put(file, key) : null;
    }

    /** Stores every file of a directory under the prefix; answers the key of {@code entry} in it. */
    private String putTree(Path dir, String prefix, String entry) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                put(f, prefix + "/" + f.getFileName());
            }
        }
        return prefix + "/" + entry;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.fine("could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Turns ffmpeg's percent into job progress, committing only steps of five points. */
    private final class ProgressReporter {
        private final UUID id;
        private final String owner;
        private int last = -1;

        ProgressReporter(UUID id, String owner) {
            this.id = id;
            this.owner = owner;
        }

        void encoded(int percent) {
            int progress = Job.ENCODING + (Job.ENCODED - Job.ENCODING) * percent / 100;
            if (progress >= last + 5) {
                last = progress;
                queue.change(id, owner, j -> j.advance(progress));
            }
        }
    }
}
