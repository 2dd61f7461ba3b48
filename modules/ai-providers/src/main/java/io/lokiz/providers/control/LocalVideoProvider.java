package io.lokiz.providers.control;

import io.lokiz.media.MediaException;
import io.lokiz.media.StillMotion;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.VideoProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The offline provider: real motion from the still image, rendered with ffmpeg on this node in a
 * second or two, so the product runs end to end with no AI service.
 */
@ApplicationScoped
public class LocalVideoProvider implements VideoProvider {

    private final StillMotion motion;

    @Inject
    public LocalVideoProvider(StillMotion motion) {
        this.motion = motion;
    }

    protected LocalVideoProvider() {
        this.motion = null;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Generation submit(GenerationRequest request) {
        try {
            Files.createDirectories(request.workDir());
            Path clip = request.workDir().resolve("generated.mp4");
            motion.render(request.image(), request.size(), request.fps(), request.seconds(), clip);
            return new Generation.Finished(clip.toUri());
        } catch (MediaException e) {
            return new Generation.Failed("the image could not be animated: " + e.getMessage());
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
