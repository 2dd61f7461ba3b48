package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Real motion from one still image: a slow centred zoom (Ken Burns) over the whole picture, set on
 * a blurred, darkened fill of itself so that nothing is stretched and nothing is cut whatever the
 * image's shape. The output is a near-lossless intermediate, as a provider's result would be.
 */
@ApplicationScoped
public class StillMotion {

    /** How far the camera moves in over the clip: 12 % closer at the end. */
    private static final double ZOOM = 0.12;

    private final Ffmpeg ffmpeg;

    public StillMotion() {
        this(new Ffmpeg());
    }

    StillMotion(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** Renders {@code seconds} of motion at {@code size} and {@code fps} from the image into {@code output} (MP4). */
    public void render(Path image, FrameSize size, int fps, double seconds, Path output) {
        int frames = (int) Math.round(seconds * fps);
        // zoompan rounds its crop window to whole pixels; working on a canvas twice the output
        // size halves that step so the zoom does not visibly judder.
        int cw = size.width() * 2;
        int ch = size.height() * 2;
        String graph = String.format(Locale.ROOT,
                "[0:v]split=2[a][b];"
                        + "[a]scale=%1$d:%2$d:force_original_aspect_ratio=increase,crop=%1$d:%2$d,gblur=sigma=40,eq=brightness=-0.1[bg];"
                        + "[b]scale=%1$d:%2$d:force_original_aspect_ratio=decrease[fg];"
                        + "[bg][fg]overlay=(W-w)/2:(H-h)/2,"
                        + "zoompan=z='1+%3$.4f*on/%4$d':d=%4$d:x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':s=%5$s:fps=%6$d,"
                        + "format=yuv420p",
                cw, ch, ZOOM, frames, size, fps);
        ffmpeg.run(List.of(
                "-i", image.toString(),
                "-filter_complex", graph,
                "-frames:v", Integer.toString(frames),
                "-c:v", "libx264", "-preset", "ultrafast", "-crf", "14",
                output.toString()), Duration.ofSeconds(60), s -> { });
    }
}
