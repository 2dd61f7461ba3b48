package io.lokiz.generation.control;

import io.lokiz.jobs.JobRecord;
import io.lokiz.jobs.JobState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

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
        PreviewInput input = PreviewInput.of(job.input());
        JsonObject video = job.output().getJsonObject("video");
        VideoResultView result = job.state() == JobState.COMPLETED && video != null ? of(VideoFiles.of(video)) : null;
        return new JobView(job.id(), input.imageId(), job.state().wire(), job.progress(), input.settings(), result,
                job.error(), input.price(), job.createdAt(), job.updatedAt());
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
