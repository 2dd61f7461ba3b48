package io.lokiz.generation.template;

import io.lokiz.generation.control.JobRequest;
import io.lokiz.generation.control.Still;
import io.lokiz.generation.control.VideoPipeline;

/** A motion template applied to a still (the plan's {@code POST /v1/ai/template}); a blank prompt takes the template's own. */
public record TemplateRequest(Still image, String template, String prompt, int duration, String resolution) implements JobRequest {

    @Override
    public String type() {
        return VideoPipeline.TEMPLATE;
    }
}
