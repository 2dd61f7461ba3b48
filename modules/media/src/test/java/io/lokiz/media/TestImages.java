package io.lokiz.media;

import io.lokiz.media.control.Ffmpeg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Real images of any size and format, drawn by ffmpeg's test source. */
final class TestImages {

    private TestImages() {
    }

    static Path write(Path dir, String name, int width, int height, String... encoderOptions) {
        Path file = dir.resolve(name);
        var args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=s=" + width + "x" + height, "-frames:v", "1"));
        args.addAll(List.of(encoderOptions));
        args.add(file.toString());
        new Ffmpeg().run(args, Duration.ofSeconds(20), s -> { });
        return file;
    }

    static byte[] bytes(Path dir, String name, int width, int height, String... encoderOptions) {
        try {
            return Files.readAllBytes(write(dir, name, width, height, encoderOptions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
