package io.lokiz.fetch;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SSRF guard. Every hostile URL aims at a sentinel listener on loopback: the guard must refuse
 * it with a reason and the sentinel must never see a connection.
 */
class GuardedFetcherTest {

    static final InetAddress PUBLIC_CDN = address("203.0.113.7");

    @TempDir
    Path dir;

    static ServerSocket sentinel;
    HttpServer cdn;

    /** DNS and routing of the test: public names are served by local servers, all else goes where it points. */
    final GuardedFetcher.Network network = new GuardedFetcher.Network() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return switch (host) {
                case "cdn.test" -> new InetAddress[]{PUBLIC_CDN};
                case "internal.test" -> new InetAddress[]{address("127.0.0.1")};
                case "split.test" -> new InetAddress[]{address("203.0.113.8"), address("10.1.2.3")};
                default -> throw new UnknownHostException(host);
            };
        }

        @Override
        public Socket socket() {
            return new Socket() {
                @Override
                public void connect(java.net.SocketAddress to, int timeout) throws IOException {
                    var target = (InetSocketAddress) to;
                    super.connect(target.getAddress().equals(PUBLIC_CDN) ? new InetSocketAddress("127.0.0.1", cdn.getAddress().getPort()) : to, timeout);
                }
            };
        }
    };

    GuardedFetcher fetcher(Set<String> schemes) {
        return new GuardedFetcher(new GuardedFetcher.Policy(schemes, Set.of(), 3, 1_000_000, Duration.ofSeconds(5)), network);
    }

    @BeforeEach
    void start() throws IOException {
        if (sentinel == null) {
            sentinel = new ServerSocket(0, 50, address("127.0.0.1"));
        }
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn.createContext("/clip.mp4", exchange -> {
            byte[] body = "not really a video".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cdn.createContext("/chunked", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, 0); // 0: chunked
            for (int i = 0; i < 3; i++) {
                exchange.getResponseBody().write(("part" + i).getBytes(StandardCharsets.UTF_8));
            }
            exchange.close();
        });
        cdn.createContext("/to-private", exchange -> redirect(exchange, "http://127.0.0.1:" + sentinel.getLocalPort() + "/admin"));
        cdn.createContext("/to-metadata", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
        cdn.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        cdn.createContext("/page.html", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("<p".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        cdn.createContext("/huge", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, 2_000_000);
            exchange.close();
        });
        cdn.start();
    }

    @AfterEach
    void stop() throws IOException {
        cdn.stop(0);
        assertSentinelUntouched();
    }

    static List<String> hostileUrls() {
        int p = sentinelPort();
        return List.of(
                "https://127.0.0.1:" + p + "/",
                "http://127.0.0.1:" + p + "/",
                "https://localhost:" + p + "/",
                "https://127.1:" + p + "/",
                "https://0x7f000001:" + p + "/",
                "https://2130706433:" + p + "/",
                "https://0177.0.0.1:" + p + "/",
                "https://0x7f.0.0.1:" + p + "/",
                "https://[::1]:" + p + "/",
                "https://[::ffff:127.0.0.1]:" + p + "/",
                "https://[::ffff:7f00:1]:" + p + "/",
                "https://[0:0:0:0:0:ffff:127.0.0.1]:" + p + "/",
                "https://[::127.0.0.1]:" + p + "/",
                "https://[64:ff9b::7f00:1]:" + p + "/",
                "https://[2002:7f00:1::]:" + p + "/",
                "https://0.0.0.0:" + p + "/",
                "https://[::]:" + p + "/",
                "https://10.0.0.1/",
                "https://172.16.0.1/",
                "https://172.31.255.254/",
                "https://192.168.1.1/",
                "https://169.254.169.254/latest/meta-data/",
                "https://[fe80::1]/",
                "https://[fd00:ec2::254]/",
                "https://[fc00::1]/",
                "https://224.0.0.1/",
                "https://[ff02::1]/",
                "https://100.64.0.1/",
                "https://internal.test:" + p + "/",
                "https://split.test/",
                "file:///etc/passwd",
                "gopher://127.0.0.1:" + p + "/_GET%20/",
                "ftp://127.0.0.1:" + p + "/",
                "https://user:secret@cdn.test/clip.mp4",
                "not a url at all");
    }

    @ParameterizedTest
    @MethodSource("hostileUrls")
    void refusesHostileUrlsWithoutConnecting(String url) {
        assertThatThrownBy(() -> fetcher(Set.of("https", "http")).fetch(url, Set.of("video/"), dir.resolve("out")))
                .isInstanceOf(FetchRefused.class)
                .hasMessageNotContaining("secret");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void refusesPlainHttpUnlessConfigured() {
        assertThatThrownBy(() -> fetcher(Set.of("https")).fetch("http://cdn.test/clip.mp4", Set.of("video/"), dir.resolve("out")))
                .isInstanceOf(FetchRefused.class).hasMessageContaining("only https");
    }

    @Test
    void fetchesFromAPublicHost() throws Exception {
        var fetched = fetcher(Set.of("http")).fetch("http://cdn.test/clip.mp4", Set.of("video/"), dir.resolve("clip.mp4"));

        assertThat(fetched.contentType()).isEqualTo("video/mp4");
        assertThat(Files.readString(dir.resolve("clip.mp4"))).isEqualTo("not really a video");
    }

    @Test
    void readsChunkedBodies() throws Exception {
        fetcher(Set.of("http")).fetch("http://cdn.test/chunked", Set.of("video/"), dir.resolve("clip.mp4"));

        assertThat(Files.readString(dir.resolve("clip.mp4"))).isEqualTo("part0part1part2");
    }

    @Test
    void checksEveryRedirectHopAgain() {
        for (String path : List.of("/to-private", "/to-metadata")) {
            assertThatThrownBy(() -> fetcher(Set.of("http")).fetch("http://cdn.test" + path, Set.of("video/"), dir.resolve("out")))
                    .isInstanceOf(FetchRefused.class).hasMessageContaining("only public addresses");
        }
    }

    @Test
    void limitsRedirects() {
        assertThatThrownBy(() -> fetcher(Set.of("http")).fetch("http://cdn.test/loop", Set.of("video/"), dir.resolve("out")))
                .isInstanceOf(FetchRefused.class).hasMessageContaining("redirects");
    }

    @Test
    void refusesOtherContentTypesAndOversizedBodies() {
        assertThatThrownBy(() -> fetcher(Set.of("http")).fetch("http://cdn.test/page.html", Set.of("video/"), dir.resolve("out")))
                .isInstanceOf(FetchRefused.class).hasMessageContaining("content type");
        assertThatThrownBy(() -> fetcher(Set.of("http")).fetch("http://cdn.test/huge", Set.of("video/"), dir.resolve("out")))
                .isInstanceOf(FetchRefused.class).hasMessageContaining("larger than");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void keepsToTheHostAllowListWhenOneIsConfigured() {
        var listed = new GuardedFetcher(new GuardedFetcher.Policy(Set.of("http"), Set.of("media.partner.test"), 3, 1000, Duration.ofSeconds(5)), network);

        assertThatThrownBy(() -> listed.fetch("http://cdn.test/clip.mp4", Set.of("video/"), dir.resolve("out")))
                .isInstanceOf(FetchRefused.class).hasMessageContaining("allow-list");
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** A connection attempt would sit in the listen backlog; accepting with a tiny timeout finds it. */
    private static void assertSentinelUntouched() throws IOException {
        sentinel.setSoTimeout(50);
        try (Socket intruder = sentinel.accept()) {
            throw new AssertionError("the guard connected to the sentinel from " + intruder.getRemoteSocketAddress());
        } catch (SocketTimeoutException expected) {
            // nobody knocked
        }
    }

    private static int sentinelPort() {
        try {
            if (sentinel == null) {
                sentinel = new ServerSocket(0, 50, address("127.0.0.1"));
            }
            return sentinel.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

}
