package io.lokiz.storage.control;

import io.lokiz.storage.Storage;
import io.lokiz.storage.StoredObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link Storage} does, whichever store it is: each store's test runs these. */
abstract class StorageContract {

    @TempDir
    Path files;

    /** The store under test, empty. */
    abstract Storage storage();

    @Test
    void storesAndReadsBackAnObjectWithItsContentType() throws IOException {
        StoredObject stored = storage().put("videos/v1/video.mp4", bytes("movie"));

        assertThat(stored.size()).isEqualTo(5);
        assertThat(stored.contentType()).isEqualTo("video/mp4");
        assertThat(read(storage().open("videos/v1/video.mp4"))).isEqualTo("movie");
        assertThat(storage().find("videos/v1/video.mp4")).get().extracting(StoredObject::size).isEqualTo(5L);
    }

    @Test
    void storesAFileByteForByte() throws IOException {
        byte[] content = random(3 << 20);
        Path file = Files.write(files.resolve("clip.mp4"), content);

        StoredObject stored = storage().put("videos/v2/video.mp4", file);

        assertThat(stored.size()).isEqualTo(content.length);
        try (InputStream in = storage().open("videos/v2/video.mp4")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void replacesAnObjectStoredAgainUnderTheSameKey() throws IOException {
        storage().put("images/i1.jpg", bytes("first"));
        storage().put("images/i1.jpg", bytes("second"));

        assertThat(read(storage().open("images/i1.jpg"))).isEqualTo("second");
    }

    @Test
    void readsAByteRange() throws IOException {
        storage().put("videos/v3/video.mp4", bytes("0123456789"));

        assertThat(read(storage().open("videos/v3/video.mp4", 2, 5))).isEqualTo("23456");
        assertThat(read(storage().open("videos/v3/video.mp4", 9, 1))).isEqualTo("9");
    }

    @Test
    void knowsNothingOfAMissingObject() throws IOException {
        assertThat(storage().find("videos/none/video.mp4")).isEmpty();
        assertThatThrownBy(() -> storage().open("videos/none/video.mp4").close()).isInstanceOf(IOException.class);
    }

    @Test
    void listsByPrefixInKeyOrder() throws IOException {
        storage().put("videos/v4/video.mp4", bytes("a"));
        storage().put("videos/v4/hls/index.m3u8", bytes("bb"));
        storage().put("videos/v5/video.mp4", bytes("c"));

        assertThat(storage().list("videos/v4/")).extracting(StoredObject::key, StoredObject::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("videos/v4/hls/index.m3u8", 2L),
                        org.assertj.core.groups.Tuple.tuple("videos/v4/video.mp4", 1L));
        assertThat(storage().list("videos/")).hasSize(3);
        assertThat(storage().list("audio/")).isEmpty();
    }

    @Test
    void deletesAPrefixAsAFolderAndLeavesItsNeighbours() throws IOException {
        storage().put("videos/v6/video.mp4", bytes("a"));
        storage().put("videos/v6/hls/index.m3u8", bytes("b"));
        storage().put("videos/v60/video.mp4", bytes("c"));

        storage().deleteAll("videos/v6");
        storage().deleteAll("videos/never-there");

        assertThat(storage().list("videos/v6/")).isEmpty();
        assertThat(storage().find("videos/v60/video.mp4")).isPresent();
    }

    @Test
    void leavesNoObjectWhenTheSourceFailsMidway() throws IOException {
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

        assertThatThrownBy(() -> storage().put("videos/v7/video.mp4", failing)).isInstanceOf(IOException.class);
        assertThat(storage().list("videos/v7")).isEmpty();
    }

    @Test
    void refusesKeysThatClimbOutOrSurprise() {
        assertThatThrownBy(() -> storage().find("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().put("/abs/file.mp4", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().publicUrl("a/./b.mp4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().publicUrl("a/../b.mp4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().deleteAll("")).isInstanceOf(IllegalArgumentException.class);
    }

    static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
