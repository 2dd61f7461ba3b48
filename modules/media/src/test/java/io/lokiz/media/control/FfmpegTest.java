package io.lokiz.media.control;

import io.lokiz.media.MediaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ffmpeg as the node runs it: below the priority of the node's own threads, its threads bounded. */
class FfmpegTest {

    static final String EXECUTABLE = new DefaultFFMPEGLocator().getExecutablePath();

    @Test
    void encodesBelowThePriorityOfTheNodesOwnThreads(@TempDir Path dir) throws Exception {
        var ffmpeg = new Ffmpeg(EXECUTABLE, 10, 1);
        Path out = dir.resolve("out.mp4");
        var encode = CompletableFuture.runAsync(() -> ffmpeg.run(List.of("-f", "lavfi", "-re", "-i", "testsrc2=s=640x360:r=25:d=3",
                "-c:v", "libx264", "-preset", "ultrafast", "-threads", ffmpeg.threads(), out.toString()), Duration.ofSeconds(30), s -> { }));

        ProcessHandle running = awaitChild();
        String stat = Files.readString(Path.of("/proc/" + running.pid() + "/stat"));
        // the fields after the command's closing parenthesis: state is the 3rd of stat, nice the 19th
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(running.info().command()).as("nice became ffmpeg").hasValue(EXECUTABLE);
        assertThat(Integer.parseInt(fields[16])).as("nice").isEqualTo(10);
        encode.get(30, TimeUnit.SECONDS);
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

    /** The ffmpeg this test started, once it runs. */
    private static ProcessHandle awaitChild() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            var child = ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("ffmpeg")).findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("ffmpeg did not start");
    }
}
