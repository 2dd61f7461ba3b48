package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The offline music: a synthesized track whose character follows simple words of the prompt. Its
 * tempo ("upbeat", "fast", "energetic" 128 bpm; "calm", "slow", "ambient" 72; else 100) drives a
 * kick and a pulsing pad; its mood ("sad", "dark", "moody", "melancholic": a minor chord, else a
 * major one) picks the pad's chord. AAC in M4A, exactly the asked length, faded in and out.
 */
@ApplicationScoped
public class MusicSynth {

    private static final Set<String> FAST = Set.of("upbeat", "fast", "energetic", "dance", "electronic", "party", "driving");
    private static final Set<String> SLOW = Set.of("calm", "slow", "ambient", "relaxing", "chill", "soft", "peaceful");
    private static final Set<String> MINOR = Set.of("sad", "dark", "moody", "melancholic", "minor", "tense", "mysterious");

    private final Ffmpeg ffmpeg;

    public MusicSynth() {
        this(new Ffmpeg());
    }

    MusicSynth(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** What the prompt asks for, as the synthesizer reads it. */
    public record Character(int bpm, boolean minor) {
    }

    public static Character character(String prompt) {
        List<String> words = List.of(prompt.toLowerCase(Locale.ROOT).split("[^\\p{L}]+"));
        int bpm = words.stream().anyMatch(FAST::contains) ? 128 : words.stream().anyMatch(SLOW::contains) ? 72 : 100;
        return new Character(bpm, words.stream().anyMatch(MINOR::contains));
    }

    /** Renders {@code seconds} of music for the prompt into {@code output} (.m4a). */
    public void render(String prompt, double seconds, Path output) {
        Character c = character(prompt);
        double beat = 60.0 / c.bpm();
        double[] chord = c.minor() ? new double[]{220.00, 261.63, 329.63} : new double[]{261.63, 329.63, 392.00};
        String pad = String.format(Locale.ROOT, "0.10*(sin(2*PI*%.2f*t)+sin(2*PI*%.2f*t)+sin(2*PI*%.2f*t))*(0.55+0.45*exp(-5*mod(t\\,%.4f)))",
                chord[0], chord[1], chord[2], beat);
        String kick = String.format(Locale.ROOT, "0.45*sin(2*PI*(50+60*exp(-30*mod(t\\,%1$.4f)))*mod(t\\,%1$.4f))*exp(-14*mod(t\\,%1$.4f))", beat);
        String bass = String.format(Locale.ROOT, "0.12*sin(2*PI*%.2f*t)*(mod(floor(t/%.4f)\\,2)*0.5+0.5)", chord[0] / 2, beat);
        String length = String.format(Locale.ROOT, "%.3f", seconds);
        double fade = Math.min(2.0, seconds / 4);
        ffmpeg.run(List.of(
                "-f", "lavfi", "-i", "aevalsrc=exprs=" + pad + "+" + kick + "+" + bass + ":s=44100:d=" + length,
                "-af", String.format(Locale.ROOT, "afade=t=in:d=%1$.3f,afade=t=out:st=%2$.3f:d=%1$.3f,alimiter=limit=0.9",
                        Math.min(0.5, seconds / 4), seconds - fade, fade),
                "-t", length, "-ac", "2", "-c:a", "aac", "-b:a", "160k", "-movflags", "+faststart", output.toString()),
                Duration.ofSeconds(120), s -> { });
    }
}
