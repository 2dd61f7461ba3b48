package io.lokiz.media;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MusicSynthTest {

    @TempDir
    Path dir;

    @Test
    void readsTempoAndMoodFromSimpleWordsOfThePrompt() {
        assertThat(MusicSynth.character("Upbeat electronic beat")).isEqualTo(new MusicSynth.Character(128, false));
        assertThat(MusicSynth.character("a calm, sad piano")).isEqualTo(new MusicSynth.Character(72, true));
        assertThat(MusicSynth.character("something for my video")).isEqualTo(new MusicSynth.Character(100, false));
    }

    @Test
    void rendersATrackOfExactlyTheAskedLength() {
        Path track = dir.resolve("track.m4a");

        new MusicSynth().render("dark driving synth", 4.5, track);

        assertThat(new VideoProbe().duration(track)).isCloseTo(4.5, Offset.offset(0.1));
    }
}
