package io.lokiz.app;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every integration test asserts about answers (the contract's word on each included), and the photos they upload. */
final class Api {

    private Api() {
    }

    /** The body of an answer that must have {@code status}, and be an answer the API contract gives ({@link Contract}). */
    static JsonObject json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        Contract.check(response);
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** The body of an answer that must have {@code status}, a JSON array the API contract gives ({@link Contract}). */
    static JsonArray array(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        Contract.check(response);
        return Json.createReader(new StringReader(response.body())).readArray();
    }

    /** Asserts {@code response} has {@code status}, an answer the API contract gives whatever its body ({@link Contract}). */
    static <T> HttpResponse<T> status(HttpResponse<T> response, int status) {
        assertThat(response.statusCode()).as(() -> response.body() instanceof String text ? text : "").isEqualTo(status);
        Contract.check(response);
        return response;
    }

    /** What {@code probe} answers once it answers non-null, asked every 20 ms for up to {@code within}. */
    static <T> T eventually(String what, Duration within, java.util.concurrent.Callable<T> probe) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            T answer = probe.call();
            if (answer != null) {
                return answer;
            }
            java.util.concurrent.CompletableFuture.runAsync(() -> { },
                    java.util.concurrent.CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS)).join();
        }
        throw new AssertionError(what + ": not within " + within);
    }

    static JsonObject assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject problem = json(response, status);
        assertThat(problem.getString("type")).isEqualTo("https://lokiz.io/problems/" + type);
        assertThat(problem.getString("detail")).isNotBlank();
        return problem;
    }

    /** The ffmpeg the server runs (JAVE2's), for making test media and reading results back. */
    static final String FFMPEG = new ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator().getExecutablePath();

    /** Runs ffmpeg quietly with {@code arguments}, writing {@code output}; fails the test when ffmpeg does. */
    static Path ffmpeg(Path output, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(List.of(arguments));
        command.add(output.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(said).isZero();
        return output;
    }

    /** A real photo-like JPEG or PNG: a diagonal gradient with a figure-shaped block. */
    static byte[] photo(int width, int height) throws IOException {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 140), width, height, new Color(230, 180, 90)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(200, 40, 60));
        g.fillRoundRect(width / 3, height / 5, width / 3, height * 3 / 5, 30, 30);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, width >= 256 ? "jpg" : "png", out);
        return out.toByteArray();
    }

}
