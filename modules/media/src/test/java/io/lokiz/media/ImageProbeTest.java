package io.lokiz.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ImageProbeTest {

    @TempDir
    Path dir;

    @Test
    void readsTheSizeOfAJpeg() {
        assertThat(ImageProbe.probe(TestImages.bytes(dir, "a.jpg", 640, 960)))
                .contains(new ImageInfo(ImageFormat.JPEG, 640, 960));
    }

    @Test
    void readsTheSizeOfAPng() {
        assertThat(ImageProbe.probe(TestImages.bytes(dir, "a.png", 802, 334)))
                .contains(new ImageInfo(ImageFormat.PNG, 802, 334));
    }

    @Test
    void readsTheSizeOfLossyAndLosslessWebp() {
        assertThat(ImageProbe.probe(TestImages.bytes(dir, "lossy.webp", 300, 200, "-c:v", "libwebp")))
                .contains(new ImageInfo(ImageFormat.WEBP, 300, 200));
        assertThat(ImageProbe.probe(TestImages.bytes(dir, "lossless.webp", 302, 198, "-c:v", "libwebp", "-lossless", "1")))
                .contains(new ImageInfo(ImageFormat.WEBP, 302, 198));
    }

    @Test
    void recognisesTheFormatByItsBytesNotItsName() {
        assertThat(ImageProbe.probe(TestImages.bytes(dir, "really-a-png.jpg", 64, 48, "-f", "image2", "-c:v", "png")))
                .map(ImageInfo::format).contains(ImageFormat.PNG);
    }

    @Test
    void readsTheSizeOfGifBmpAndTiffFromTheirHeaders() {
        assertThat(ImageProbe.probe(TestImages.bytes(dir, "a.gif", 64, 48))).contains(new ImageInfo(ImageFormat.GIF, 64, 48));
        assertThat(ImageProbe.probe(TestImages.bytes(dir, "a.bmp", 66, 50))).contains(new ImageInfo(ImageFormat.BMP, 66, 50));
        assertThat(ImageProbe.probe(TestImages.bytes(dir, "a.tif", 70, 52))).contains(new ImageInfo(ImageFormat.TIFF, 70, 52));
    }

    @Test
    void refusesOtherFormatsAndGarbage() {
        assertThat(ImageProbe.probe("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ImageProbe.probe(new byte[0])).isEmpty();
    }

    @Test
    void refusesATruncatedHeader() {
        byte[] jpeg = TestImages.bytes(dir, "b.jpg", 64, 48);
        assertThat(ImageProbe.probe(Arrays.copyOf(jpeg, 20))).isEmpty();
    }

    @Test
    void readsAPixelBombsClaimWithoutDecodingIt() {
        byte[] png = TestImages.bytes(dir, "c.png", 64, 48);
        ByteBuffer.wrap(png).putInt(16, 100_000).putInt(20, 100_000); // IHDR says 10 gigapixels

        // The probe only reads; ImageNormaliser refuses the claim before decoding anything.
        assertThat(ImageProbe.probe(png)).contains(new ImageInfo(ImageFormat.PNG, 100_000, 100_000));
    }
}
