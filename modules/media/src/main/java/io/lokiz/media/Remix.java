package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The offline glitch: a template video and a user's still made into one clip, the template's
 * sound kept. {@link #animate}: the still carried over the template clip along a path that
 * follows its beat; {@link #replace}: the template's centre, where its subject stands, replaced
 * by the still. Template clips shorter than asked for are looped. Output: a near-lossless MP4
 * intermediate with AAC sound, as a provider's result would be.
 */
@ApplicationScoped
public class Remix {

    private final Ffmpeg ffmpeg;

    public Remix() {
        this(new Ffmpeg());
    }

    Remix(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** The still, at about half the frame's height, moving over the template clip. */
    public void animate(Path template, Path image, FrameSize size, int fps, double seconds, Path output) {
        String still = String.format(Locale.ROOT, "[1:v]scale=%d:%d:force_original_aspect_ratio=decrease,format=rgba[fg]",
                size.width() * 6 / 10, size.height() * 55 / 100);
        String place = "x='(W-w)/2+W*0.18*sin(2*PI*t/2.5)':y='(H-h)/2+H*0.06*sin(2*PI*t/1.25)'";
        render(template, image, size, fps, seconds, still, place, output);
    }

    /** The still filling the template's centre box (half its width, seven tenths of its height). */
    public void replace(Path template, Path image, FrameSize size, int fps, double seconds, Path output) {
        int w = even(size.width() / 2);
        int h = even(size.height() * 7 / 10);
        String still = String.format(Locale.ROOT, "[1:v]scale=%1$d:%2$d:force_original_aspect_ratio=increase,crop=%1$d:%2$d[fg]", w, h);
        render(template, image, size, fps, seconds, still, "x=(W-w)/2:y=(H-h)/2", output);
    }

    private void render(Path template, Path image, FrameSize size, int fps, double seconds, String still, String place, Path output) {
        String graph = String.format(Locale.ROOT,
                "[0:v]scale=%1$d:%2$d:force_original_aspect_ratio=increase,crop=%1$d:%2$d,setsar=1,fps=%3$d[bg];%4$s;"
                        + "[bg][fg]overlay=%5$s:shortest=0:eof_action=repeat,format=yuv420p[v]",
                size.width(), size.height(), fps, still, place);
        var args = new ArrayList<>(List.of(
                "-stream_loop", "-1", "-i", template.toString(),
                "-loop", "1", "-framerate", Integer.toString(fps), "-i", image.toString(),
                "-filter_complex", graph, "-map", "[v]", "-map", "0:a:0?",
                "-t", String.format(Locale.ROOT, "%.3f", seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-crf", "14", "-threads", ffmpeg.threads(),
                "-c:a", "aac", "-b:a", "160k", output.toString()));
        ffmpeg.run(args, Duration.ofSeconds(120), s -> { });
    }

    private static int even(int n) {
        return n - n % 2;
    }
}
