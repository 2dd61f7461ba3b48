package io.lokiz.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A customer's webhook receiver on this machine: it keeps every POST it gets (headers as sent,
 * the body's bytes as text, when it came) and answers 204, or what the test scripted next: a
 * status with a body and {@code Retry-After}, or a hang (a slow receiver). Reached by the name
 * {@code localhost}, which the test server trusts.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived; header names in lower case. */
    public record Delivery(Map<String, List<String>> headers, String body, Instant at) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private final ScriptedAnswers script = new ScriptedAnswers();

    private WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, List<String>> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
                received.add(new Delivery(headers, new String(body, StandardCharsets.UTF_8), Instant.now()));
                if (!script.play(exchange)) {
                    exchange.sendResponseHeaders(204, -1);
                }
            }
        });
        server.start();
    }

    /** A receiver on a free port. */
    public static WebhookReceiver start() {
        return on(0);
    }

    /** A receiver on {@code port} (one a test chose while nothing listened there). */
    public static WebhookReceiver on(int port) {
        try {
            return new WebhookReceiver(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL an endpoint names to reach this receiver. */
    public String url() {
        return "http://localhost:" + port() + "/hooks";
    }

    /** The next request is answered with {@code status} and {@code body}, and {@code Retry-After} unless null. */
    public WebhookReceiver answer(int status, String body, String retryAfter) {
        script.answer(status, body, retryAfter);
        return this;
    }

    /** The next request waits {@code hang} before its answer. */
    public WebhookReceiver hang(Duration hang) {
        script.hang(hang);
        return this;
    }

    /** The next request to arrive, waiting up to {@code timeout}; null when none came. */
    public Delivery next(Duration timeout) {
        try {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** How many requests arrived and were not taken yet. */
    public int waiting() {
        return received.size();
    }

    @Override
    public void close() {
        script.close();
        server.stop(0);
        threads.shutdownNow();
    }
}
