package io.lokiz.providers;

import java.nio.file.Path;

/**
 * What a generation is asked to make. Local files are for local rendering; URLs are what remote
 * providers fetch. A provider answers a task it does not offer with {@link Generation.Failed}.
 */
public sealed interface Task {

    /** The image-to-video preview: motion from the still alone. */
    record Animate() implements Task {
    }

    /** A motion/style template over the still: its camera motion, its prompt. */
    record Template(String template, String motion, String prompt) implements Task {
    }

    /** Glitch animate: the still carried by the template video's motion, the template's sound kept. */
    record GlitchAnimate(Path templateVideo, String templateVideoUrl, String prompt) implements Task {
    }

    /** Glitch replace: the template video with its subject replaced by the still, its sound kept. */
    record GlitchReplace(Path templateVideo, String templateVideoUrl, String prompt) implements Task {
    }

    /** Music from a prompt: an audio track, no image. */
    record Music(String prompt) implements Task {
    }
}
