package io.lokiz.generation.control;

import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Optional;

/** Builds the API's views of preview jobs and videos; the only place that turns their storage keys into URLs. */
@ApplicationScoped
public class JobViews {

    private final VideoStore store;

    @Inject
    public JobViews(VideoStore store) {
        this.store = store;
    }

    protected JobViews() {
        this.store = null;
    }

    /** The job; its video only when the job is completed (spec REQ-S-003: no URL before that). */
    public JobView of(JobRecord job) {
        ClipInput input = ClipInput.of(job.input());
        JsonObject video = job.output().getJsonObject("video");
        VideoResultView result = job.state() == JobState.COMPLETED && video != null ? of(VideoFiles.of(video)) : null;
        return new JobView(job.id(), input.imageId(), job.state().wire(), job.progress(), input.settings(), result,
                error(job, input.price()), input.price(), job.createdAt(), job.updatedAt(), uploadRetry(job).orElse(null));
    }

    /** A job of any type in the plan's shape; URLs only once it completed (REQ-S-003). */
    public AiJobView ofAiJob(JobRecord job) {
        JsonObject input = job.input();
        int price = input.getInt("price", 0);
        boolean completed = job.state() == JobState.COMPLETED;
        boolean active = !job.state().isTerminal();
        JsonObject request = input.getJsonObject("request");
        if (request == null) { // a preview: its request is its image and settings
            ClipInput clip = ClipInput.of(input);
            request = Json.createObjectBuilder().add("image_id", clip.imageId().toString()).add("settings", clip.settings().json()).build();
        }
        return new AiJobView(job.id(), job.owner(), job.type(), job.state().wire(), job.progress(), request,
                completed ? output(job) : JsonObject.EMPTY_JSON_OBJECT, completed ? price : 0, active ? price : 0, error(job, price),
                job.createdAt(), job.updatedAt(), completed ? job.updatedAt() : null,
                uploadRetry(job).map(r -> Json.createObjectBuilder().add("failures", r.failures()).add("reason", r.reason())
                        .add("retry_at", r.retryAt().toString()).build()).orElse(null));
    }

    /** REQ-UW-002: what went wrong in plain words and, once the job failed, that its credits came back. */
    private static String error(JobRecord job, int price) {
        if (job.error() == null || job.state() != JobState.FAILED || price == 0) {
            return job.error();
        }
        return job.error() + ". The " + price + " credits held for this job were returned.";
    }

    /** Why a job waits in {@code uploading}, while it does. */
    private static Optional<UploadRetry> uploadRetry(JobRecord job) {
        return job.state() == JobState.UPLOADING ? UploadRetry.of(job.output()) : Optional.empty();
    }

    /** What a completed job made, as URLs made now, and the model that made it. */
    private JsonObject output(JobRecord job) {
        JsonObject recorded = job.output();
        JsonObjectBuilder out = Json.createObjectBuilder()
                .add("model", job.input().getString("provider", "local") + "/" + job.type());
        JsonObject video = recorded.getJsonObject("video");
        if (video != null) {
            VideoResultView v = of(VideoFiles.of(video));
            out.add("video_id", v.videoId().toString()).add("video_url", v.urls().mp4()).add("thumbnail_url", v.urls().thumbnail())
                    .add("duration", v.metadata().duration()).add("width", v.metadata().width()).add("height", v.metadata().height());
            if (v.urls().hls() != null) {
                out.add("hls_url", v.urls().hls());
            }
            if (v.urls().webm() != null) {
                out.add("webm_url", v.urls().webm());
            }
        }
        String track = recorded.getString("track", null);
        if (track != null) {
            out.add("audio_url", store.publicUrl(track)).add("audio_duration", recorded.getJsonNumber("trackDuration").doubleValue());
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
