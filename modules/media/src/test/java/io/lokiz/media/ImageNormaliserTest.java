package io.lokiz.media;

import io.lokiz.testing.Exif;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
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
        byte[] sideways = Exif.withOrientation(TestImages.bytes(dir, "camera.jpg", 640, 480), 6, "GPS 52.37N 4.89E");
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
}
