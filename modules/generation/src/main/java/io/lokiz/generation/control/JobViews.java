package io.lokiz.generation.control;

import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Optional;

/** Builds the API's views of jobs and videos; the only place that turns their storage keys into URLs. */
@ApplicationScoped
public class JobViews {

    private final VideoStore store;
    private final JobTypes types;

    @Inject
    public JobViews(VideoStore store, JobTypes types) {
        this.store = store;
        this.types = types;
    }

    protected JobViews() {
        this(null, null);
    }

    /** A preview in the spec's shape; its video only when the job is completed (spec REQ-S-003: no URL before that). */
    public JobView of(JobRecord job) {
        ClipInput input = ClipInput.of(job.input());
        JobOutput output = JobOutput.of(job.output());
        VideoResultView result = finished(job, output).map(this::of).orElse(null);
        return new JobView(job.id(), input.imageId(), job.state().wire(), job.progress(), input.settings(), result,
                error(job, input.price()), input.price(), job.createdAt(), job.updatedAt(), uploadRetry(job, output).orElse(null));
    }

    /** A job of any type in the plan's shape; URLs only once it completed (REQ-S-003). */
    public AiJobView ofAiJob(JobRecord job) {
        JobInput input = types.input(job).orElseThrow(() -> new IllegalArgumentException("not a job type of ours: " + job.type()));
        JobOutput output = JobOutput.of(job.output());
        int price = input.price();
        boolean completed = job.state() == JobState.COMPLETED;
        boolean active = !job.state().isTerminal();
        return new AiJobView(job.id(), job.owner(), job.type(), job.state().wire(), job.progress(), input.shown(),
                completed ? output(job, input, output) : JsonObject.EMPTY_JSON_OBJECT, completed ? price : 0, active ? price : 0,
                error(job, price), job.createdAt(), job.updatedAt(), completed ? job.updatedAt() : null,
                uploadRetry(job, output).map(UploadRetry::shown).orElse(null));
    }

    /** The video a job made, once the job completed: REQ-S-003, no URL before that. */
    public Optional<VideoFiles> finished(JobRecord job) {
        return finished(job, JobOutput.of(job.output()));
    }

    private static Optional<VideoFiles> finished(JobRecord job, JobOutput output) {
        return job.state() == JobState.COMPLETED ? Optional.ofNullable(output.video()) : Optional.empty();
    }

    /** REQ-UW-002: what went wrong in plain words and, once the job failed, that its credits came back. */
    private static String error(JobRecord job, int price) {
        if (job.error() == null || job.state() != JobState.FAILED || price == 0) {
            return job.error();
        }
        return job.error() + ". The " + price + " credits held for this job were returned.";
    }

    /** Why a job waits in {@code uploading}, while it does. */
    private static Optional<UploadRetry> uploadRetry(JobRecord job, JobOutput output) {
        return job.state() == JobState.UPLOADING ? Optional.ofNullable(output.uploadRetry()) : Optional.empty();
    }

    /** What a completed job made, as URLs made now, and the model and provider that made it. */
    private JsonObject output(JobRecord job, JobInput input, JobOutput recorded) {
        // Jobs recorded before the model was kept name their provider and type instead.
        String model = recorded.model() != null ? recorded.model() : input.provider() + "/" + job.type();
        JsonObjectBuilder out = Json.createObjectBuilder().add("model", model).add("provider", input.provider());
        if (recorded.video() != null) {
            VideoResultView v = of(recorded.video());
            out.add("video_id", v.videoId().toString()).add("video_url", v.urls().mp4()).add("thumbnail_url", v.urls().thumbnail())
                    .add("duration", v.metadata().duration()).add("width", v.metadata().width()).add("height", v.metadata().height());
            if (v.urls().hls() != null) {
                out.add("hls_url", v.urls().hls());
            }
            if (v.urls().webm() != null) {
                out.add("webm_url", v.urls().webm());
            }
        }
        if (recorded.track() != null) {
            out.add("audio_url", store.publicUrl(recorded.track())).add("audio_duration", recorded.trackDuration());
        }
        return out.build();
    }

    public VideoResultView of(VideoFiles files) {
        var urls = new VideoResultView.Urls(store.publicUrl(files.mp4()), url(files.webm()), url(files.hls()),
                store.publicUrl(files.thumbnail()));
        return new VideoResultView(files.id(), urls,
                new VideoResultView.Metadata(files.duration(), files.size(), files.width(), files.height()));
    }

    private String url(String key) {
        return key == null ? null : store.publicUrl(key);
    }
}
