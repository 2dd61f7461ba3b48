package io.lokiz.media.control;

import io.lokiz.media.MediaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ffmpeg as the node runs it: below the priority of the node's own threads, its threads bounded. */
class FfmpegTest {

    static final String EXECUTABLE = new DefaultFFMPEGLocator().getExecutablePath();

    @Test
    void encodesBelowThePriorityOfTheNodesOwnThreads(@TempDir Path dir) throws Exception {
        var ffmpeg = new Ffmpeg(EXECUTABLE, 10, 1);
        Path out = dir.resolve("out.mp4");
        var seen = new AtomicReference<String>();
        var niceness = new AtomicInteger(-1);
        // Its first progress report comes while it runs: that is when to look at it.
        ffmpeg.run(List.of("-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=3", "-c:v", "libx264", "-preset", "ultrafast",
                "-threads", ffmpeg.threads(), out.toString()), Duration.ofSeconds(30), seconds -> {
            if (seen.get() == null) {
                ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("ffmpeg")).findFirst().ifPresent(p -> {
                    seen.set(p.info().command().orElse(""));
                    niceness.set(niceOf(p));
                });
            }
        });

        assertThat(seen.get()).as("ffmpeg seen running; nice became ffmpeg").isEqualTo(EXECUTABLE);
        assertThat(niceness.get()).as("nice").isEqualTo(10);
        assertThat(out).isNotEmptyFile();
    }

    @Test
    void boundsTheFilterGraphsThreadsAndRunsUnniceWhenAskedTo() {
        var ffmpeg = new Ffmpeg(EXECUTABLE, 0, 2);

        assertThat(ffmpeg.command(List.of("-i", "in.mp4", "out.mp4")))
                .startsWith(EXECUTABLE)
                .containsSequence("-filter_threads", "2", "-filter_complex_threads", "2")
                .endsWith("-i", "in.mp4", "out.mp4");
        assertThat(ffmpeg.threads()).isEqualTo("2");
        assertThat(new Ffmpeg(EXECUTABLE, 10, 2).command(List.of())).startsWith("/usr/bin/nice", "-n", "10", EXECUTABLE);
    }

    @Test
    void refusesANicenessOrThreadCountThatCannotBe() {
        assertThatThrownBy(() -> new Ffmpeg(EXECUTABLE, 20, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ffmpeg(EXECUTABLE, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saysWhatFfmpegSaidWhenItFails() {
        assertThatThrownBy(() -> new Ffmpeg(EXECUTABLE, 10, 1).run(List.of("-i", "/nonexistent.mp4", "/tmp/x.mp4"), Duration.ofSeconds(10), s -> { }))
                .isInstanceOf(MediaException.class).hasMessageContaining("/nonexistent.mp4");
    }

    /** The process's niceness: the 19th field of its {@code /proc} stat, counted after the command's parenthesis. */
    private static int niceOf(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException gone) {
            return -1;
        }
    }
}
