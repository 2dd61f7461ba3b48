package io.lokiz.providers.control;

import io.lokiz.media.FrameSize;
import io.lokiz.media.MusicSynth;
import io.lokiz.media.Remix;
import io.lokiz.media.StillMotion;
import io.lokiz.media.VideoEncoder;
import io.lokiz.providers.Generation;
import io.lokiz.providers.GenerationRequest;
import io.lokiz.providers.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LocalVideoProviderTest {

    // A 2x3 portrait PNG: small enough to inline, real enough for ffmpeg.
    static final byte[] PORTRAIT_PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAIAAAA2iEnWAAAAEklEQVR4nGM4IScnd0KOAYUCAEIPBhl6wJ3XAAAAAElFTkSuQmCC");

    @TempDir
    Path dir;

    final LocalVideoProvider provider = new LocalVideoProvider(new StillMotion(), new Remix(), new MusicSynth());

    @Test
    void rendersMotionFromTheStillAndFinishesAtOnce() throws Exception {
        Path image = Files.write(dir.resolve("in.png"), PORTRAIT_PNG);
        var request = new GenerationRequest("job-1", new Task.Animate(), image, null, new FrameSize(720, 1280), 24, 3, dir.resolve("work"));

        Generation result = provider.submit(request);

        assertThat(result).isInstanceOf(Generation.Finished.class);
        Path clip = Path.of(((Generation.Finished) result).result());
        var metadata = new VideoEncoder().inspect(clip);
        assertThat(metadata.width()).isEqualTo(720);
        assertThat(metadata.height()).isEqualTo(1280);
        assertThat(metadata.duration()).isCloseTo(3.0, within(0.1));
    }

    @Test
    void refusesAnImageFfmpegCannotReadWithoutRetrying() throws Exception {
        Path image = Files.writeString(dir.resolve("in.png"), "not an image");
        var request = new GenerationRequest("job-2", new Task.Animate(), image, null, new FrameSize(1280, 720), 24, 3, dir.resolve("work"));

        assertThat(provider.submit(request)).isInstanceOf(Generation.Refused.class);
    }
}
