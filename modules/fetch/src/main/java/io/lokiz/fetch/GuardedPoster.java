package io.lokiz.fetch;

import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs to URLs others gave us (webhook endpoints) under the same guard as {@link GuardedFetcher}:
 * the scheme, user information and host are checked first, and the client's resolver connects
 * only to addresses the guard judged. The client is non-blocking: thousands of requests to slow
 * receivers wait on sockets, not on threads, and each host has its own connections, so one slow
 * host holds up no other. Redirects are not followed (a receiver that moved says so by its
 * status); the answer is read to {@code maxAnswerBytes} and the rest discarded; every request
 * ends within the timeout, trickling answers included.
 */
public final class GuardedPoster implements AutoCloseable {

    /** A receiver's answer: its status, its {@code Retry-After} if any, and the first bytes of its body. */
    public record Answer(int status, Optional<String> retryAfter, byte[] head) {
    }

    private final Guard guard;
    private final Timeout timeout;
    private final CloseableHttpAsyncClient client;

    /**
     * A poster with its own connections: at most {@code perHost} to one host, {@code total} in all,
     * on one I/O thread from {@code threads} (the container's managed threads).
     */
    GuardedPoster(GuardedFetcher.Policy policy, GuardedFetcher.Network network, int perHost, int total, ThreadFactory threads) {
        this.guard = new Guard(policy, network);
        this.timeout = Timeout.of(policy.timeout());
        var connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(guard.resolver())
                .setTlsStrategy(ClientTlsStrategyBuilder.create().useSystemProperties().buildAsync())
                .setMaxConnPerRoute(perHost)
                .setMaxConnTotal(total)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                .build();
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setSoTimeout(timeout).build())
                .setThreadFactory(threads)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).setConnectionRequestTimeout(timeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries() // a retry is the caller's to schedule, and to record
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("lokiz-webhooks")
                .build();
        client.start();
    }

    /**
     * POSTs {@code body} as JSON with {@code headers}. Completes with the answer, or exceptionally
     * with {@link FetchRefused} (the guard would not send it), {@link TimeoutException} or an
     * {@link IOException} (no answer).
     */
    public CompletableFuture<Answer> post(String url, Map<String, String> headers, byte[] body, int maxAnswerBytes) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        URI uri;
        try {
            uri = guard.parse(url);
            guard.addresses(Guard.host(uri)); // a clear refusal before the client would fail on it
        } catch (FetchRefused e) {
            answer.completeExceptionally(e);
            return answer;
        }
        var request = SimpleRequestBuilder.post(uri).setBody(body, ContentType.APPLICATION_JSON);
        headers.forEach(request::setHeader);
        Future<Answer> sent = client.execute(SimpleRequestProducer.create(request.build()), new Head(maxAnswerBytes), new FutureCallback<>() {
            @Override
            public void completed(Answer result) {
                answer.complete(result);
            }

            @Override
            public void failed(Exception e) {
                answer.completeExceptionally(e instanceof Guard.Refused ? new FetchRefused(e.getMessage()) : e);
            }

            @Override
            public void cancelled() {
                answer.completeExceptionally(new TimeoutException("no answer within " + timeout.toSeconds() + " s"));
            }
        });
        // The socket timeout is between packets; this bounds the whole exchange.
        answer.orTimeout(timeout.toMilliseconds(), TimeUnit.MILLISECONDS).whenComplete((a, e) -> {
            if (e != null) {
                sent.cancel(true);
            }
        });
        return answer;
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** Keeps the status, {@code Retry-After} and the body's first bytes; the rest is read and dropped. */
    private static final class Head extends AbstractBinResponseConsumer<Answer> {

        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private int status;
        private Optional<String> retryAfter = Optional.empty();

        Head(int max) {
            this.max = max;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
            var header = response.getFirstHeader("Retry-After");
            retryAfter = header == null ? Optional.empty() : Optional.of(header.getValue());
        }

        @Override
        protected int capacityIncrement() {
            return 8192;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) {
            int room = max - kept.size();
            int take = Math.min(room, src.remaining());
            if (take > 0) {
                byte[] part = new byte[take];
                src.get(part);
                kept.write(part, 0, take);
            }
            src.position(src.limit());
        }

        @Override
        protected Answer buildResult() {
            return new Answer(status, retryAfter, kept.toByteArray());
        }

        @Override
        public void releaseResources() {
        }
    }
}
