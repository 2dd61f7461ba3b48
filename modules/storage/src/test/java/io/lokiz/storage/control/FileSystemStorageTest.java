package io.lokiz.storage.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import io.lokiz.testing.MutableClock;
import io.lokiz.kernel.Tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemStorageTest {

    @TempDir
    Path root;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final Tickets tickets = new Tickets("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), clock);

    FileSystemStorage storage() {
        return new FileSystemStorage(root, "https://cdn.example/media/", tickets, Duration.ofHours(1));
    }

    @Test
    void storesAndReadsBackAnObjectWithItsContentType() throws IOException {
        var stored = storage().put("videos/v1/video.mp4", bytes("movie"));

        assertThat(stored.size()).isEqualTo(5);
        assertThat(stored.contentType()).isEqualTo("video/mp4");
        try (InputStream in = storage().open("videos/v1/video.mp4")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("movie");
        }
    }

    @Test
    void handsOutUrlsWhoseTicketAdmitsTheWholeVideoAndNothingElse() {
        String url = storage().publicUrl("videos/v1/hls/index.m3u8");
        assertThat(url).startsWith("https://cdn.example/media/t/").endsWith("/videos/v1/hls/index.m3u8");
        String ticket = url.split("/")[5];

        assertThat(storage().admits(ticket, "videos/v1/hls/segment_000.ts")).isTrue();
        assertThat(storage().admits(ticket, "videos/v1/video.mp4")).isTrue();
        assertThat(storage().admits(ticket, "videos/v2/video.mp4")).isFalse();
        assertThat(storage().admits(ticket, "images/v1.jpg")).isFalse();
    }

    @Test
    void refusesMediaUrlsOnceTheyExpire() {
        String ticket = storage().publicUrl("images/i1.jpg").split("/")[5];
        assertThat(storage().admits(ticket, "images/i1.jpg")).isTrue();

        clock.advance(Duration.ofMinutes(61));

        assertThat(storage().admits(ticket, "images/i1.jpg")).isFalse();
    }

    @Test
    void leavesNoPartialFileWhenTheSourceFailsMidway() {
        InputStream failing = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 10) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> storage().put("videos/v2/video.mp4", failing)).isInstanceOf(IOException.class);
        assertThat(storage().find("videos/v2/video.mp4")).isEmpty();
        assertThat(root.resolve("videos/v2").toFile().list()).isEmpty();
    }

    @Test
    void refusesKeysThatClimbOutOfTheRoot() {
        assertThatThrownBy(() -> storage().find("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().put("/abs/file.mp4", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().publicUrl("a/./b.mp4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().publicUrl("a/../b.mp4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletesEverythingUnderAPrefix() throws IOException {
        storage().put("videos/v3/video.mp4", bytes("a"));
        storage().put("videos/v3/hls/index.m3u8", bytes("b"));
        storage().put("videos/v4/video.mp4", bytes("c"));

        storage().deleteAll("videos/v3");

        assertThat(Files.exists(root.resolve("videos/v3"))).isFalse();
        assertThat(storage().find("videos/v4/video.mp4")).isPresent();
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
