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

    /** Renders {@code seconds} of the plain push-in from the image into {@code output} (MP4). */
    public void render(Path image, FrameSize size, int fps, double seconds, Path output) {
        render(image, size, fps, seconds, Motion.PUSH_IN, output);
    }

    /** Renders {@code seconds} of {@code motion} at {@code size} and {@code fps} from the image into {@code output} (MP4). */
    public void render(Path image, FrameSize size, int fps, double seconds, Motion motion, Path output) {
        int frames = (int) Math.round(seconds * fps);
        // zoompan rounds its crop window to whole pixels; working on a canvas twice the output
        // size halves that step so the motion does not visibly judder.
        int cw = size.width() * 2;
        int ch = size.height() * 2;
        String graph = String.format(Locale.ROOT,
                "[0:v]split=2[a][b];"
                        + "[a]scale=%1$d:%2$d:force_original_aspect_ratio=increase,crop=%1$d:%2$d,gblur=sigma=40,eq=brightness=-0.1[bg];"
                        + "[b]scale=%1$d:%2$d:force_original_aspect_ratio=decrease[fg];"
                        + "[bg][fg]overlay=(W-w)/2:(H-h)/2,"
                        + "zoompan=%3$s:d=%4$d:s=%5$s:fps=%6$d,"
                        + "format=yuv420p",
                cw, ch, motion.camera(frames, fps), frames, size, fps);
        ffmpeg.run(List.of(
                "-i", image.toString(),
                "-filter_complex", graph,
                "-frames:v", Integer.toString(frames),
                "-c:v", "libx264", "-preset", "ultrafast", "-crf", "14", "-threads", ffmpeg.threads(),
                output.toString()), Duration.ofSeconds(60), s -> { });
    }

    /** A camera move over the still, as zoompan expressions of the output frame number {@code on}. */
    public enum Motion {
        /** A slow centred push-in: the preview's motion. */
        PUSH_IN,
        /** A gentle push-in that sways side to side, as in an embrace. */
        SWAY,
        /** A rhythmic bounce on a 120 bpm beat, as in a dance. */
        BOUNCE;

        String camera(int frames, int fps) {
            String centreX = "iw/2-(iw/zoom/2)";
            String centreY = "ih/2-(ih/zoom/2)";
            return switch (this) {
                case PUSH_IN -> String.format(Locale.ROOT, "z='1+%.4f*on/%d':x='%s':y='%s'", ZOOM, frames, centreX, centreY);
                case SWAY -> String.format(Locale.ROOT, "z='1.08+0.06*on/%d':x='%s+iw*0.03*sin(2*PI*on/(%d*3))':y='%s'",
                        frames, centreX, fps, centreY);
                case BOUNCE -> String.format(Locale.ROOT,
                        "z='1.15':x='%s+iw*0.035*sin(2*PI*on*2/%d)':y='%s+ih*0.03*abs(sin(2*PI*on*2/%d))'",
                        centreX, fps, centreY, fps);
            };
        }
    }
}
