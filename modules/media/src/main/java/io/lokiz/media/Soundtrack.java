package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Lays a music track under a finished video: looped or trimmed to the video's length, faded out
 * over its last seconds, loudness-normalised (EBU R128, -16 LUFS, as streaming platforms play),
 * the picture copied untouched.
 */
@ApplicationScoped
public class Soundtrack {

    private final Ffmpeg ffmpeg;

    public Soundtrack() {
        this(new Ffmpeg());
    }

    Soundtrack(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * A provider's audio (bark answers WAV) as the product keeps music: AAC in an M4A, at most
     * {@code seconds} long, loudness-normalised like every laid track.
     */
    public void track(Path audio, double seconds, Path m4a) {
        ffmpeg.run(List.of(
                "-i", audio.toString(), "-map", "0:a:0", "-vn",
                "-af", "loudnorm=I=-16:TP=-1.5:LRA=11,aresample=44100,aformat=sample_fmts=fltp:channel_layouts=stereo",
                "-c:a", "aac", "-b:a", "160k", "-t", String.format(Locale.ROOT, "%.3f", seconds), "-movflags", "+faststart", m4a.toString()),
                Duration.ofSeconds(120), s -> { });
    }

    public void lay(Path video, Path music, double seconds, Path output) {
        double fade = Math.min(1.5, seconds / 3);
        String length = String.format(Locale.ROOT, "%.3f", seconds);
        ffmpeg.run(List.of(
                "-i", video.toString(), "-stream_loop", "-1", "-i", music.toString(),
                "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy",
                "-af", String.format(Locale.ROOT, "atrim=0:%s,afade=t=out:st=%.3f:d=%.3f,loudnorm=I=-16:TP=-1.5:LRA=11,aresample=44100,aformat=sample_fmts=fltp:channel_layouts=stereo",
                        length, seconds - fade, fade),
                "-c:a", "aac", "-b:a", "160k", "-t", length, "-movflags", "+faststart", output.toString()),
                Duration.ofSeconds(120), s -> { });
    }
}
