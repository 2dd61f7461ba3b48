package io.lokiz.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageNormaliserTest {

    @TempDir
    Path dir;

    final ImageNormaliser normaliser = new ImageNormaliser();

    @Test
    void keepsAJpegAJpegAndConvertsEveryOtherFormatToPng() throws Exception {
        assertThat(normaliser.normalise(TestImages.bytes(dir, "a.jpg", 64, 48)).format()).isEqualTo(ImageFormat.JPEG);
        for (String name : new String[]{"a.png", "a.gif", "a.bmp", "a.tif", "a.webp"}) {
            var still = normaliser.normalise(TestImages.bytes(dir, name, 64, 48));
            assertThat(still.format()).as(name).isEqualTo(ImageFormat.PNG);
            assertThat(ImageProbe.probe(still.bytes())).as(name).contains(new ImageInfo(ImageFormat.PNG, 64, 48));
        }
    }

    @Test
    void turnsACameraPictureUprightAndLeavesItsMetadataBehind() throws Exception {
        byte[] sideways = withExif(TestImages.bytes(dir, "camera.jpg", 640, 480), 6, "GPS 52.37N 4.89E");
        assertThat(ImageProbe.orientation(sideways)).isEqualTo(6);

        var still = normaliser.normalise(sideways);

        assertThat(still.width()).isEqualTo(480);
        assertThat(still.height()).isEqualTo(640);
        assertThat(ImageProbe.probe(still.bytes())).contains(new ImageInfo(ImageFormat.JPEG, 480, 640));
        assertThat(new String(still.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("Exif").doesNotContain("GPS 52.37N");
    }

    @Test
    void refusesADamagedPictureBeforeAnyJobSeesIt() {
        byte[] png = TestImages.bytes(dir, "whole.png", 640, 480);
        byte[] jpeg = TestImages.bytes(dir, "whole.jpg", 640, 480);

        for (byte[] cut : new byte[][]{Arrays.copyOf(png, png.length / 3), Arrays.copyOf(jpeg, jpeg.length / 3)}) {
            assertThatThrownBy(() -> normaliser.normalise(cut)).isInstanceOfSatisfying(UnusableImage.class,
                    e -> assertThat(e.reason()).isEqualTo(UnusableImage.Reason.DAMAGED));
        }
    }

    @Test
    void refusesTooManyPixelsFromTheHeaderAlone() {
        byte[] huge = TestImages.bytes(dir, "small.png", 16, 16);
        ByteBuffer.wrap(huge).putInt(16, 30_000).putInt(20, 30_000); // IHDR now claims 30000 x 30000

        assertThatThrownBy(() -> normaliser.normalise(huge)).isInstanceOfSatisfying(UnusableImage.class, e -> {
            assertThat(e.reason()).isEqualTo(UnusableImage.Reason.TOO_MANY_PIXELS);
            assertThat(e.getMessage()).contains("30000 x 30000").contains("50 megapixels");
        });
    }

    /** The JPEG with an APP1 Exif block holding an orientation and a text tag, right after SOI. */
    static byte[] withExif(byte[] jpeg, int orientation, String text) {
        byte[] words = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4 + words.length).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010E).putShort((short) 2).putInt(words.length).putInt(8 + 2 + 2 * 12 + 4); // ImageDescription
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        tiff.put(words);
        byte[] exif = tiff.array();
        int length = 2 + 6 + exif.length;
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) length)
                .put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1)).put(exif).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }
}
