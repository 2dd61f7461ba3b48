package io.lokiz.generation.glitch;

import io.lokiz.generation.control.JobRequest;
import io.lokiz.generation.control.Still;
import io.lokiz.generation.control.VideoPipeline;

import java.util.UUID;

/**
 * A glitch (the plan's {@code POST /v1/ai/glitch/animate} and {@code /replace}): a template video
 * (one of the user's uploaded or finished videos) whose motion, or subject, the user's still takes.
 */
public record GlitchRequest(boolean replace, UUID templateVideoId, Still image, String prompt) implements JobRequest {

    @Override
    public String type() {
        return replace ? VideoPipeline.GLITCH_REPLACE : VideoPipeline.GLITCH_ANIMATE;
    }
}
