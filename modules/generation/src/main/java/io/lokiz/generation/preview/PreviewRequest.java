package io.lokiz.generation.preview;

import io.lokiz.generation.control.JobRequest;
import io.lokiz.generation.control.Still;
import io.lokiz.generation.control.VideoPipeline;
import io.lokiz.generation.control.VideoSettings;

/** An image-to-video preview (the spec's {@code POST /api/video/generate}): a still and its settings. */
public record PreviewRequest(Still image, VideoSettings settings) implements JobRequest {

    @Override
    public String type() {
        return VideoPipeline.PREVIEW;
    }

    @Override
    public String fingerprint() {
        return "video:" + image.reference() + ":" + settings;
    }
}
