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
    void convertsColoursOfAnEmbeddedProfileToSrgb() throws Exception {
        byte[] grey = solidJpeg(128);
        // The same numbers, declared linear: half the light, which sRGB writes as about 188.
        byte[] linear = withIccProfile(grey, java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB).getData());

        int plain = centre(normaliser.normalise(grey).bytes());
        int converted = centre(normaliser.normalise(linear).bytes());

        assertThat(plain).isBetween(124, 132);
        assertThat(converted).isBetween(182, 194);
    }

    private static byte[] solidJpeg(int level) throws java.io.IOException {
        var image = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(new java.awt.Color(level, level, level));
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /** The JPEG with {@code profile} in one APP2 ICC_PROFILE segment right after SOI. */
    private static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        byte[] tag = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + tag.length + 2 + profile.length;
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE2).putShort((short) length).put(tag).put((byte) 1).put((byte) 1)
                .put(profile).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    private static int centre(byte[] encoded) throws java.io.IOException {
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(encoded));
        return (image.getRGB(image.getWidth() / 2, image.getHeight() / 2) >> 8) & 0xFF;
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
