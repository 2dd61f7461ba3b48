package io.lokiz.storage.control;

import io.lokiz.kernel.Tickets;
import io.lokiz.storage.Storage;
import io.lokiz.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 store against a real S3 server (s3proxy), signatures checked: the contract, and what only a bucket does. */
class S3StorageTest extends StorageContract {

    @TempDir
    static Path buckets;

    static S3Server server;

    final HttpClient http = HttpClient.newHttpClient();
    final Tickets tickets = new Tickets("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), java.time.Clock.systemUTC());
    String bucket;
    S3Storage storage;

    @BeforeAll
    static void startS3() throws Exception {
        server = S3Server.start(buckets, 0);
    }

    @AfterAll
    static void stopS3() throws Exception {
        server.close();
    }

    @BeforeEach
    void freshBucket() throws IOException {
        bucket = "b" + UUID.randomUUID().toString().substring(0, 8);
        server.bucket(bucket);
        storage = store(Optional.empty(), Duration.ofHours(1));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Override
    Storage storage() {
        return storage;
    }

    S3Storage store(Optional<String> cdn, Duration urlLifetime) {
        // Small parts, so that a few megabytes already go up in several.
        var settings = new S3Settings(Optional.of(server.endpoint()), Optional.empty(), S3Server.REGION, bucket, true, S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, cdn, urlLifetime, 6 << 20, S3Settings.MIN_PART, false);
        return new S3Storage(settings, new MediaUrls("http://app.example", tickets, urlLifetime), files.resolve("scratch"));
    }

    @Test
    void uploadsALargeFileInPartsAndItArrivesWhole() throws IOException {
        byte[] content = random(12 << 20); // three parts: 5 + 5 + 2 MiB
        Path file = Files.write(files.resolve("large.mp4"), content);

        storage.put("videos/big/video.mp4", file);

        assertThat(Files.readAllBytes(server.file(bucket, "videos/big/video.mp4"))).isEqualTo(content);
        assertThat(storage.find("videos/big/video.mp4")).get().extracting(o -> o.size()).isEqualTo((long) content.length);
    }

    @Test
    void handsOutAPresignedUrlThatWorksAndThenExpires() throws Exception {
        storage.close();
        // Signatures carry whole seconds: a 1 s URL signed late in a second may be dead at once.
        storage = store(Optional.empty(), Duration.ofSeconds(3));
        storage.put("videos/v1/video.mp4", bytes("signed bytes"));

        String url = storage.publicUrl("videos/v1/video.mp4");
        assertThat(url).startsWith(server.endpoint() + "/" + bucket + "/videos/v1/video.mp4?").contains("X-Amz-Signature=");
        HttpResponse<String> fresh = get(url, null);
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).isEqualTo("signed bytes");
        assertThat(get(url, "bytes=0-5").body()).isEqualTo("signed");

        Instant deadline = Instant.now().plusSeconds(15);
        int status = 200;
        while (status == 200 && Instant.now().isBefore(deadline)) { // the URL is valid for three seconds of real time
            status = get(url, null).statusCode();
        }
        assertThat(status).isEqualTo(403);
        assertThat(get(url.replace("video.mp4", "other.mp4"), null).statusCode()).isEqualTo(403);
    }

    @Test
    void signsUrlsForTheAddressClientsReachTheStoreBy() throws Exception {
        storage.put("videos/v1/video.mp4", bytes("through the front door"));
        var settings = new S3Settings(Optional.of(server.endpoint()), Optional.of(URI.create("http://localhost:" + server.port())),
                S3Server.REGION, bucket, true, S3Server.ACCESS_KEY, S3Server.SECRET_KEY, Optional.empty(), Duration.ofHours(1),
                6 << 20, S3Settings.MIN_PART, false);
        try (var fronted = new S3Storage(settings, new MediaUrls("http://app.example", tickets, Duration.ofHours(1)), files)) {
            String url = fronted.publicUrl("videos/v1/video.mp4");

            assertThat(url).startsWith("http://localhost:" + server.port() + "/" + bucket + "/");
            assertThat(get(url, null).body()).isEqualTo("through the front door");
        }
    }

    @Test
    void handsOutCdnUrlsWhenACdnFrontsTheBucket() {
        storage.close();
        storage = store(Optional.of("https://cdn.lokiz.example/"), Duration.ofHours(1));

        assertThat(storage.publicUrl("videos/v1/hls/index.m3u8")).isEqualTo("https://cdn.lokiz.example/videos/v1/hls/index.m3u8");
        assertThat(storage.publicUrl("videos/v1/video.mp4")).isEqualTo("https://cdn.lokiz.example/videos/v1/video.mp4");
    }

    @Test
    void sendsPlaylistsThroughTheAppSoThatEachSegmentIsSigned() {
        String url = storage.publicUrl("videos/v1/hls/index.m3u8");

        assertThat(url).startsWith("http://app.example/media/t/").endsWith("/videos/v1/hls/index.m3u8");
    }

    @Test
    void failsLoudlyAndLeavesNothingWhileTheServerIsDown() throws Exception {
        Path file = Files.writeString(files.resolve("clip.mp4"), "bytes");
        server.stop();
        try {
            assertThatThrownBy(() -> storage.put("videos/down/video.mp4", file)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> storage.find("videos/down/video.mp4")).isInstanceOf(IOException.class);
        } finally {
            server.start();
        }
        assertThat(storage.find("videos/down/video.mp4")).isEmpty();
        storage.put("videos/down/video.mp4", file);
        assertThat(read(storage.open("videos/down/video.mp4"))).isEqualTo("bytes");
    }

    @Test
    void refusesWrongCredentials() {
        var settings = new S3Settings(Optional.of(server.endpoint()), Optional.empty(), S3Server.REGION, bucket, true, S3Server.ACCESS_KEY,
                "not-the-secret", Optional.empty(), Duration.ofHours(1), 6 << 20, S3Settings.MIN_PART, false);
        try (var wrong = new S3Storage(settings, new MediaUrls("http://app.example", tickets, Duration.ofHours(1)), files)) {
            assertThatThrownBy(() -> wrong.put("images/x.jpg", bytes("x"))).isInstanceOf(IOException.class);
        }
    }

    private HttpResponse<String> get(String url, String range) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (range != null) {
            request.header("Range", range);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
