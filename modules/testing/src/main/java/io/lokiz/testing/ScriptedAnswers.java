package io.lokiz.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a fake provider answers next instead of its real answer: a status with a body (a 500, a
 * 429 with {@code Retry-After}), or a hang before the real answer. Shared by the fakes, with the
 * few ways they reply.
 */
final class ScriptedAnswers {

    private record Scripted(int status, String body, String retryAfter, Duration hang) {
    }

    private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    void answer(int status, String body, String retryAfter) {
        script.add(new Scripted(status, body, retryAfter, Duration.ZERO));
    }

    void hang(Duration hang) {
        script.add(new Scripted(0, null, null, hang));
    }

    /** Plays the next scripted answer, if any: true when it answered the exchange (a hang only delays it). */
    boolean play(HttpExchange exchange) throws IOException {
        Scripted next = script.poll();
        if (next == null) {
            return false;
        }
        if (!next.hang().isZero()) {
            try {
                closing.await(next.hang().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        if (next.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", next.retryAfter());
        }
        json(exchange, next.status(), next.body());
        return true;
    }

    /** Ends every hang at once: the fake is closing. */
    void close() {
        closing.countDown();
    }

    /** Sends a fake's own request (a webhook delivery); answers the receiver's status code. */
    static int send(java.net.http.HttpClient http, java.net.http.HttpRequest request) {
        try {
            return http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void json(HttpExchange exchange, int status, String body) throws IOException {
        reply(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
