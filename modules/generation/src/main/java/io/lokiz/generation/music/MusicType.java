package io.lokiz.generation.music;

import io.lokiz.generation.control.Intake;
import io.lokiz.generation.control.JobInput;
import io.lokiz.generation.control.JobType;
import io.lokiz.generation.control.VideoFiles;
import io.lokiz.generation.control.Videos;
import io.lokiz.kernel.Problem;
import io.lokiz.providers.VideoProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/** AI music: a track from a prompt, alone or laid under one of the user's finished videos. */
@ApplicationScoped
public class MusicType implements JobType<MusicRequest> {

    private final Videos videos;
    private final VideoProviders providers;

    @Inject
    public MusicType(Videos videos, VideoProviders providers) {
        this.videos = videos;
        this.providers = providers;
    }

    protected MusicType() {
        this(null, null);
    }

    @Override
    public String name() {
        return MusicPipeline.TYPE;
    }

    @Override
    public Class<MusicRequest> requestType() {
        return MusicRequest.class;
    }

    @Override
    public Intake.InputMaker prepare(String user, MusicRequest request) {
        return price -> {
            VideoFiles video = request.videoId() == null ? null
                    : videos.find(request.videoId(), user).orElseThrow(() -> Problem.notFound("video", request.videoId()));
            return new MusicInput(providers.forType(name()).name(), price, request.prompt(), request.duration(), video);
        };
    }

    @Override
    public JobInput input(JsonObject json) {
        return MusicInput.of(json);
    }
}
