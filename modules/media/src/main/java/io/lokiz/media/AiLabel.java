package io.lokiz.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The visible "AI-generated" label: white on translucent black, drawn once (DejaVu Sans Bold) and
 * shipped as a PNG, so no encode depends on the fonts a machine happens to have. ffmpeg reads
 * it from a file, copied out of the jar once per process.
 */
final class AiLabel {

    private static Path file;

    private AiLabel() {
    }

    static synchronized Path file() {
        if (file == null || !Files.isRegularFile(file)) {
            try (InputStream png = AiLabel.class.getResourceAsStream("ai-generated.png")) {
                Path copy = Files.createTempFile("lokiz-ai-generated", ".png");
                Files.copy(png, copy, StandardCopyOption.REPLACE_EXISTING);
                copy.toFile().deleteOnExit();
                file = copy;
            } catch (IOException e) {
                throw new UncheckedIOException("the AI label image cannot be copied out", e);
            }
        }
        return file;
    }
}
