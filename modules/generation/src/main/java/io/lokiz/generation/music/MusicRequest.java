package io.lokiz.generation.music;

import io.lokiz.generation.control.JobRequest;

import java.util.UUID;

/** AI music (the plan's {@code POST /v1/ai/music}): a prompt, up to 60 s, and optionally a finished video to lay it under. */
public record MusicRequest(String prompt, int duration, UUID videoId) implements JobRequest {

    @Override
    public String type() {
        return MusicPipeline.TYPE;
    }
}
