package io.lokiz.media;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The colour profile a picture was made in (a phone's Display P3, a camera's Adobe RGB), read
 * from a JPEG's APP2 {@code ICC_PROFILE} segments or a PNG's {@code iCCP} chunk, and the
 * conversion of its pixels to sRGB, the space every video and browser assumes. Without it a
 * wide-gamut photo would look dull, its numbers taken for sRGB ones.
 */
final class ColourProfile {

    /** Above this many pixels the conversion is skipped: it runs in the JVM, 3 bytes a pixel twice. */
    static final long MAX_PIXELS = 25_000_000L;
    private static final byte[] JPEG_TAG = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private ColourProfile() {
    }

    /** The embedded profile, if the picture has a readable one. */
    static Optional<ICC_Profile> embedded(byte[] b, ImageFormat format) {
        try {
            byte[] data = format == ImageFormat.JPEG ? jpeg(b) : format == ImageFormat.PNG ? png(b) : null;
            return data == null ? Optional.empty() : Optional.of(ICC_Profile.getInstance(data));
        } catch (IllegalArgumentException | DataFormatException e) {
            return Optional.empty(); // a broken profile: the pixels are taken as sRGB, as a browser would
        }
    }

    /** {@code encoded} (JPEG or PNG, in {@code profile}'s space) with its pixels converted to sRGB, same format. */
    static byte[] toSrgb(byte[] encoded, ImageFormat format, ICC_Profile profile) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        if (image == null || profile.getColorSpaceType() != ColorSpace.TYPE_RGB
                || (long) image.getWidth() * image.getHeight() > MAX_PIXELS) {
            return encoded;
        }
        var op = new ColorConvertOp(new ICC_ColorSpace(profile), ColorSpace.getInstance(ColorSpace.CS_sRGB), null);
        WritableRaster raster = image.getRaster();
        WritableRaster rgb = raster.createWritableChild(0, 0, image.getWidth(), image.getHeight(), 0, 0, new int[]{0, 1, 2});
        rgb.setRect(op.filter(rgb, null)); // the alpha band, if any, stays as it was
        var out = new ByteArrayOutputStream();
        if (format == ImageFormat.JPEG) {
            var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            try (var stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
        } else {
            ImageIO.write(image, "png", out);
        }
        return out.toByteArray();
    }

    /** The APP2 {@code ICC_PROFILE} chunks in order, joined; null when there are none. */
    private static byte[] jpeg(byte[] b) {
        var chunks = new java.util.TreeMap<Integer, byte[]>();
        int i = 2;
        while (i + 4 < b.length && (b[i] & 0xFF) == 0xFF) {
            int marker = b[i + 1] & 0xFF;
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (marker == 0xDA || marker == 0xD9 || length < 2 || i + 2 + length > b.length) {
                break;
            }
            int data = i + 4;
            if (marker == 0xE2 && length >= 2 + JPEG_TAG.length + 2 && java.util.Arrays.equals(b, data, data + JPEG_TAG.length, JPEG_TAG, 0, JPEG_TAG.length)) {
                int sequence = b[data + JPEG_TAG.length] & 0xFF;
                int from = data + JPEG_TAG.length + 2;
                chunks.put(sequence, java.util.Arrays.copyOfRange(b, from, i + 2 + length));
            }
            i += 2 + length;
        }
        if (chunks.isEmpty()) {
            return null;
        }
        var all = new ByteArrayOutputStream();
        chunks.values().forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** The {@code iCCP} chunk's profile, inflated; null when there is none. */
    private static byte[] png(byte[] b) throws DataFormatException {
        var buf = ByteBuffer.wrap(b);
        int at = 8;
        while (at + 12 <= b.length) {
            int length = buf.getInt(at);
            if (length < 0 || at + 12L + length > b.length) {
                return null;
            }
            String type = new String(b, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("iCCP")) {
                int data = at + 8;
                int name = data;
                while (name < data + length && b[name] != 0) {
                    name++;
                }
                var inflater = new Inflater();
                inflater.setInput(b, name + 2, data + length - name - 2); // after the name's NUL and the method byte
                var out = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    if (out.size() > 4 * 1024 * 1024) {
                        return null; // no real profile is this large
                    }
                }
                inflater.end();
                return out.toByteArray();
            }
            if (type.equals("IDAT") || type.equals("IEND")) {
                return null; // iCCP comes before the image data
            }
            at += 12 + length;
        }
        return null;
    }
}
