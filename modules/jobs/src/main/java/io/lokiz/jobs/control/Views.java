package io.lokiz.jobs.control;

import io.lokiz.jobs.entity.Job;
import io.lokiz.jobs.entity.JobState;
import io.lokiz.jobs.entity.Video;
import io.lokiz.jobs.entity.VideoFiles;
import io.lokiz.storage.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Builds API views; the only place that turns storage keys into public URLs. */
@ApplicationScoped
public class Views {

    private final Storage storage;

    @Inject
    public Views(Storage storage) {
        this.storage = storage;
    }

    protected Views() {
        this.storage = null;
    }

    /** The job; its video only when the job is completed (spec REQ-S-003: no URL before that). */
    public JobView of(Job job, Video video) {
        VideoResultView result = job.state() == JobState.COMPLETED && video != null ? of(video) : null;
        return new JobView(job.id(), job.imageId(), job.state().wire(), job.progress(), job.settings(), result,
                job.error(), job.price(), job.createdAt(), job.updatedAt());
    }

    public VideoResultView of(Video video) {
        VideoFiles f = video.files();
        var urls = new VideoResultView.Urls(storage.publicUrl(f.mp4Key()), url(f.webmKey()), url(f.hlsKey()),
                storage.publicUrl(f.thumbnailKey()));
        return new VideoResultView(video.id(), urls, new VideoResultView.Metadata(f.duration(), f.size(), f.width(), f.height()));
    }

    private String url(String key) {
        return key == null ? null : storage.publicUrl(key);
    }
}
