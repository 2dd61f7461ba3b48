package io.lokiz.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Camera-style metadata for test pictures: an Exif block as phones write it. */
public final class Exif {

    private Exif() {
    }

    /** The JPEG with an APP1 Exif block holding an orientation and a text tag, right after SOI. */
    public static byte[] withOrientation(byte[] jpeg, int orientation, String text) {
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
