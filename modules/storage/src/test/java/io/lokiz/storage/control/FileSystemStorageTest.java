package io.lokiz.storage.control;

import io.lokiz.kernel.Tickets;
import io.lokiz.storage.Storage;
import io.lokiz.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FileSystemStorageTest extends StorageContract {

    @TempDir
    Path root;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final Tickets tickets = new Tickets("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), clock);
    final MediaUrls urls = new MediaUrls("https://cdn.example/", tickets, Duration.ofHours(1));

    @Override
    Storage storage() {
        return new FileSystemStorage(root, urls);
    }

    @Test
    void handsOutUrlsWhoseTicketAdmitsTheWholeVideoAndNothingElse() {
        String url = storage().publicUrl("videos/v1/hls/index.m3u8");
        assertThat(url).startsWith("https://cdn.example/media/t/").endsWith("/videos/v1/hls/index.m3u8");
        String ticket = url.split("/")[5];

        assertThat(urls.admits(ticket, "videos/v1/hls/segment_000.ts")).isTrue();
        assertThat(urls.admits(ticket, "videos/v1/video.mp4")).isTrue();
        assertThat(urls.admits(ticket, "videos/v2/video.mp4")).isFalse();
        assertThat(urls.admits(ticket, "images/v1.jpg")).isFalse();
        assertThat(urls.admits(ticket, "videos/v1/../v2/video.mp4")).isFalse();
    }

    @Test
    void refusesMediaUrlsOnceTheyExpire() {
        String ticket = storage().publicUrl("images/i1.jpg").split("/")[5];
        assertThat(urls.admits(ticket, "images/i1.jpg")).isTrue();

        clock.advance(Duration.ofMinutes(61));

        assertThat(urls.admits(ticket, "images/i1.jpg")).isFalse();
    }

    @Test
    void leavesNoPartialFileBehind() throws IOException {
        storage().put("videos/v2/video.mp4", bytes("whole"));

        try (var left = Files.list(root.resolve("videos/v2"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("video.mp4");
        }
    }
}
