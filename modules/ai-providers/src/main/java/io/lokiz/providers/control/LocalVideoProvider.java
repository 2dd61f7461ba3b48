package io.lokiz.providers.control;

import io.lokiz.media.MediaException;
import io.lokiz.media.MusicSynth;
import io.lokiz.media.Remix;
import io.lokiz.media.StillMotion;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import io.lokiz.providers.VideoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The offline provider: real motion from the still image, rendered with ffmpeg on this node in a
 * second or two, so the product runs end to end with no AI service.
 */
@ApplicationScoped
public class LocalVideoProvider implements VideoProvider {

    private static final Logger LOG = Logger.getLogger(LocalVideoProvider.class.getName());

    private final StillMotion motion;
    private final Remix remix;
    private final MusicSynth music;

    @Inject
    public LocalVideoProvider(StillMotion motion, Remix remix, MusicSynth music) {
        this.motion = motion;
        this.remix = remix;
        this.music = music;
    }

    protected LocalVideoProvider() {
        this(null, null, null);
    }

    @Override
    public String name() {
        return "local";
    }

    /** The local provider's own names for what it does offline with ffmpeg. */
    @Override
    public String model(Task task) {
        if (task instanceof Task.Music) {
            return "lokiz/local-music";
        }
        if (task instanceof Task.GlitchAnimate || task instanceof Task.GlitchReplace) {
            return "lokiz/local-remix";
        }
        return "lokiz/local-motion";
    }

    @Override
    public Generation submit(GenerationRequest request) {
        try {
            Files.createDirectories(request.workDir());
            Path result = request.workDir().resolve(request.task() instanceof Task.Music ? "generated.m4a" : "generated.mp4");
            Task task = request.task();
            if (task instanceof Task.Template t) {
                motion.render(request.image(), request.size(), request.fps(), request.seconds(), StillMotion.Motion.valueOf(t.motion()), result);
            } else if (task instanceof Task.GlitchAnimate g) {
                remix.animate(g.templateVideo(), request.image(), request.size(), request.fps(), request.seconds(), result);
            } else if (task instanceof Task.GlitchReplace g) {
                remix.replace(g.templateVideo(), request.image(), request.size(), request.fps(), request.seconds(), result);
            } else if (task instanceof Task.Music m) {
                music.render(m.prompt(), request.seconds(), result);
            } else {
                motion.render(request.image(), request.size(), request.fps(), request.seconds(), result);
            }
            return new Generation.Finished(result.toUri());
        } catch (MediaException e) {
            // ffmpeg on the same input fails the same way every time: retrying cannot help.
            LOG.warning("job " + request.jobId() + ": local render failed: " + e.getMessage());
            return new Generation.Refused(request.task() instanceof Task.Music
                    ? "The music could not be made from this prompt"
                    : "The video could not be made from this image or template video");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void cancel(String requestId) {
        // Local renders run inside submit and take a second or two: there is nothing remote to stop.
        // A render that finishes after the cancel cannot commit its result (the job has ended).
    }

    @Override
    public Generation poll(String requestId) {
        // Local renders finish inside submit; a poll means the node that rendered is gone.
        return new Generation.Failed("local render " + requestId + " is not running on this node");
    }
}
