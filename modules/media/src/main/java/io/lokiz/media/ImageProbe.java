package io.lokiz.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Recognises JPEG, PNG, WebP, GIF, BMP and TIFF by their bytes (never by what a client claims) and
 * reads the pixel size from the header without decoding pixels, so a hostile file costs nothing
 * to refuse; for JPEG and TIFF also the EXIF orientation a camera wrote.
 */
public final class ImageProbe {

    private ImageProbe() {
    }

    /** The image's format and size (as stored, before any EXIF turn), or empty when the bytes are none we read. */
    public static Optional<ImageInfo> probe(byte[] bytes) {
        Optional<ImageInfo> info;
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            info = png(bytes);
        } else if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            info = jpeg(bytes);
        } else if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            info = webp(bytes);
        } else if (startsWith(bytes, 0, 'G', 'I', 'F', '8') && bytes.length >= 10) {
            var buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            info = Optional.of(new ImageInfo(ImageFormat.GIF, buf.getShort(6) & 0xFFFF, buf.getShort(8) & 0xFFFF));
        } else if (startsWith(bytes, 0, 'B', 'M') && bytes.length >= 26) {
            var buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            info = Optional.of(new ImageInfo(ImageFormat.BMP, Math.abs(buf.getInt(18)), Math.abs(buf.getInt(22))));
        } else if (startsWith(bytes, 0, 'I', 'I', 0x2A, 0x00) || startsWith(bytes, 0, 'M', 'M', 0x00, 0x2A)) {
            var tiff = new TiffTags(bytes, 0, bytes.length);
            info = Optional.of(new ImageInfo(ImageFormat.TIFF, tiff.value(TiffTags.WIDTH).orElse(0), tiff.value(TiffTags.HEIGHT).orElse(0)));
        } else {
            info = Optional.empty();
        }
        return info.filter(i -> i.width() > 0 && i.height() > 0);
    }

    /**
     * The EXIF orientation (1–8; 1 is upright) of a JPEG's APP1 Exif block or a TIFF's first
     * directory; 1 when there is none or it cannot be read.
     */
    public static int orientation(byte[] b) {
        if (startsWith(b, 0, 'I', 'I', 0x2A, 0x00) || startsWith(b, 0, 'M', 'M', 0x00, 0x2A)) {
            return valid(new TiffTags(b, 0, b.length).value(TiffTags.ORIENTATION).orElse(1));
        }
        if (!startsWith(b, 0, 0xFF, 0xD8)) {
            return 1;
        }
        int i = 2;
        while (i + 4 < b.length && (b[i] & 0xFF) == 0xFF) {
            int marker = b[i + 1] & 0xFF;
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (marker == 0xDA || marker == 0xD9 || length < 2) {
                return 1; // the scan begins: no metadata after it
            }
            if (marker == 0xE1 && startsWith(b, i + 4, 'E', 'x', 'i', 'f', 0, 0)) {
                int start = i + 10;
                return valid(new TiffTags(b, start, Math.min(b.length, i + 2 + length)).value(TiffTags.ORIENTATION).orElse(1));
            }
            i += 2 + length;
        }
        return 1;
    }

    private static int valid(int orientation) {
        return orientation >= 1 && orientation <= 8 ? orientation : 1;
    }

    private static Optional<ImageInfo> png(byte[] b) {
        // The IHDR chunk always comes first: length(4) "IHDR"(4) width(4) height(4).
        if (b.length < 24 || !startsWith(b, 12, 'I', 'H', 'D', 'R')) {
            return Optional.empty();
        }
        var buf = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        return Optional.of(new ImageInfo(ImageFormat.PNG, buf.getInt(16), buf.getInt(20)));
    }

    private static Optional<ImageInfo> jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                int height = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF);
                int width = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
                return Optional.of(new ImageInfo(ImageFormat.JPEG, width, height));
            }
            if (marker == 0xD9 || marker == 0xDA || length < 2) { // end of image or scan before any frame
                return Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<ImageInfo> webp(byte[] b) {
        if (b.length < 30) {
            return Optional.empty();
        }
        var buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (startsWith(b, 12, 'V', 'P', '8', ' ')) { // lossy: key frame start code, then 14-bit sizes
            if (!startsWith(b, 23, 0x9D, 0x01, 0x2A)) {
                return Optional.empty();
            }
            return Optional.of(new ImageInfo(ImageFormat.WEBP, buf.getShort(26) & 0x3FFF, buf.getShort(28) & 0x3FFF));
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'L')) { // lossless: signature 0x2F, then 14-bit sizes minus one
            if ((b[20] & 0xFF) != 0x2F) {
                return Optional.empty();
            }
            int bits = buf.getInt(21);
            return Optional.of(new ImageInfo(ImageFormat.WEBP, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1));
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'X')) { // extended: 24-bit canvas sizes minus one
            int width = (b[24] & 0xFF | (b[25] & 0xFF) << 8 | (b[26] & 0xFF) << 16) + 1;
            int height = (b[27] & 0xFF | (b[28] & 0xFF) << 8 | (b[29] & 0xFF) << 16) + 1;
            return Optional.of(new ImageInfo(ImageFormat.WEBP, width, height));
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] b, int offset, int... expected) {
        if (b.length < offset + expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if ((b[offset + k] & 0xFF) != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
