package io.lokiz.media.control;

import io.lokiz.media.MediaException;
import org.eclipse.microprofile.config.ConfigProvider;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleConsumer;

/**
 * Runs the ffmpeg that JAVE2 ships (a static 4.4 build in a Maven artifact), with a hard time
 * limit, its error output kept for the message, and its {@code -progress} output turned into
 * seconds encoded so callers can report fine-grained progress.
 *
 * <p>An encode must never starve the node's requests and progress streams: ffmpeg runs {@code nice}d below them
 * ({@code lokiz.media.ffmpeg-nice}, 10 by default: the kernel then gives a runnable request thread about ten times
 * ffmpeg's share of a core) and with at most {@code lokiz.media.ffmpeg-threads} threads per codec and filter graph
 * (the machine's cores by default; x264 alone would start one and a half per core).
 */
public final class Ffmpeg {

    private static final int ERROR_TAIL = 600;
    private static final String NICE = "/usr/bin/nice";

    private final String executable;
    private final int niceness;
    private final int threads;

    public Ffmpeg() {
        this(new DefaultFFMPEGLocator().getExecutablePath());
    }

    public Ffmpeg(String executable) {
        this(executable, setting("lokiz.media.ffmpeg-nice").orElse(10),
                setting("lokiz.media.ffmpeg-threads").orElse(Runtime.getRuntime().availableProcessors()));
    }

    Ffmpeg(String executable, int niceness, int threads) {
        if (niceness < 0 || niceness > 19 || threads < 1) {
            throw new IllegalArgumentException("ffmpeg's niceness must be 0-19 and its threads at least 1, not " + niceness + " and " + threads);
        }
        this.executable = executable;
        this.niceness = niceness;
        this.threads = threads;
    }

    /** The value for {@code -threads}: given with each output's video codec, as ffmpeg bounds threads per stream. */
    public String threads() {
        return Integer.toString(threads);
    }

    /** The command line: ffmpeg under {@code nice} where the machine has it, its filter graphs' threads bounded. */
    List<String> command(List<String> arguments) {
        var command = new ArrayList<String>();
        if (niceness > 0 && Files.isExecutable(Path.of(NICE))) {
            command.addAll(List.of(NICE, "-n", Integer.toString(niceness)));
        }
        command.add(executable);
        command.addAll(List.of("-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-progress", "pipe:1", "-y",
                "-filter_threads", Integer.toString(threads), "-filter_complex_threads", Integer.toString(threads)));
        command.addAll(arguments);
        return command;
    }

    /** Runs ffmpeg with the arguments; {@code progress} receives the output position in seconds. */
    public void run(List<String> arguments, Duration timeout, DoubleConsumer progress) {
        List<String> command = command(arguments);
        Path errors = null;
        Process process = null;
        try {
            errors = Files.createTempFile("ffmpeg", ".err");
            process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            Process running = process;
            var timedOut = new AtomicBoolean();
            // Reading progress blocks until ffmpeg exits, so the time limit kills the process instead.
            running.onExit().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((exited, failure) -> {
                if (failure != null) {
                    timedOut.set(true);
                    running.destroyForcibly();
                }
            });
            readProgress(running, progress);
            running.waitFor();
            if (timedOut.get()) {
                throw new MediaException("ffmpeg took longer than " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new MediaException("ffmpeg failed (exit " + process.exitValue() + "): " + tail(errors));
            }
        } catch (IOException e) {
            throw new MediaException("ffmpeg could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("ffmpeg interrupted", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(errors);
        }
    }

    private static void readProgress(Process process, DoubleConsumer progress) throws IOException {
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                // out_time_us is microseconds; ffmpeg 4.4 also prints out_time_ms with the same value.
                if (line.startsWith("out_time_us=")) {
                    try {
                        progress.accept(Math.max(0, Long.parseLong(line.substring(12).trim())) / 1_000_000.0);
                    } catch (NumberFormatException notYetKnown) {
                        // "N/A" before the first frame
                    }
                }
            }
        }
    }

    /**
     * A setting of the server's configuration; none in a process without MicroProfile Config (the media tests, the
     * benchmarks), which then run on the defaults.
     */
    private static Optional<Integer> setting(String name) {
        try {
            return ConfigProvider.getConfig().getOptionalValue(name, Integer.class);
        } catch (IllegalStateException | ServiceConfigurationError noConfiguration) {
            return Optional.empty();
        }
    }

    private static String tail(Path errors) throws IOException {
        String text = Files.readString(errors, StandardCharsets.UTF_8).strip();
        return text.length() <= ERROR_TAIL ? text : "…" + text.substring(text.length() - ERROR_TAIL);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stray temp file is not worth failing the encode for
            }
        }
    }
}
