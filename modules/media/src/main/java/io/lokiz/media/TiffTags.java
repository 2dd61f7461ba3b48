package io.lokiz.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Reads whole-number tags from the first directory (IFD0) of a TIFF structure: a TIFF file, or
 * the Exif block inside a JPEG. Bounds-checked throughout: a hostile header reads as "no tag".
 */
final class TiffTags {

    static final int WIDTH = 0x0100;
    static final int HEIGHT = 0x0101;
    static final int ORIENTATION = 0x0112;

    private final ByteBuffer bytes;
    private final int start;
    private final int end;

    TiffTags(byte[] data, int start, int end) {
        this.bytes = ByteBuffer.wrap(data);
        this.start = start;
        this.end = Math.min(end, data.length);
        if (this.end - start >= 2) {
            bytes.order(data[start] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        }
    }

    /** The tag's SHORT or LONG value in IFD0. */
    Optional<Integer> value(int tag) {
        if (end - start < 8) {
            return Optional.empty();
        }
        long ifd = start + (bytes.getInt(start + 4) & 0xFFFFFFFFL);
        if (ifd < start || ifd + 2 > end) {
            return Optional.empty();
        }
        int count = bytes.getShort((int) ifd) & 0xFFFF;
        for (int k = 0; k < count; k++) {
            int entry = (int) ifd + 2 + k * 12;
            if (entry + 12 > end) {
                return Optional.empty();
            }
            if ((bytes.getShort(entry) & 0xFFFF) != tag) {
                continue;
            }
            int type = bytes.getShort(entry + 2) & 0xFFFF;
            if (type == 3) { // SHORT, in the first two bytes of the value field
                return Optional.of(bytes.getShort(entry + 8) & 0xFFFF);
            }
            if (type == 4) { // LONG
                long value = bytes.getInt(entry + 8) & 0xFFFFFFFFL;
                return value <= Integer.MAX_VALUE ? Optional.of((int) value) : Optional.empty();
            }
            return Optional.empty();
        }
        return Optional.empty();
    }
}
