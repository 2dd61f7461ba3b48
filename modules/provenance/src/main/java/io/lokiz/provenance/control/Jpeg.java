package io.lokiz.provenance.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A manifest store in a JPEG, as C2PA specifies: JUMBF carried in APP11 segments (JPEG XT, ISO/IEC
 * 18477-3: {@code JP}, a box instance number, a packet sequence number, the box), placed after
 * the APP0 (JFIF) segment; the file hard-bound by {@code c2pa.hash.data}, the hash of every byte
 * but those segments. The segments are only inserted, so that hash is the hash of the original.
 */
public final class Jpeg {

    public static final String HASH_LABEL = "c2pa.hash.data";
    private static final int APP0 = 0xFFE0;
    private static final int APP11 = 0xFFEB;
    /** The largest piece of the store one segment carries (a segment holds at most 65,535 bytes). */
    private static final int PIECE = 64_000;
    private static final byte[] INSTANCE = {0x02, 0x11};

    private Jpeg() {
    }

    /** {@code jpeg} with a manifest store; {@code store} makes the store for a given hard-binding assertion. */
    public static byte[] embed(byte[] jpeg, Function<Assertion, byte[]> store) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG file: it does not start with SOI");
        }
        int at = insertionPoint(jpeg);
        byte[] hash = Assertion.sha256(jpeg);
        // The exclusion's length is inside the store it measures: settle it by trying until it holds.
        long length = 0;
        for (int tries = 0; tries < 4; tries++) {
            byte[] segments = segments(store.apply(hashAssertion(at, length, hash)));
            if (segments.length == length) {
                var out = new ByteArrayOutputStream(jpeg.length + segments.length);
                out.write(jpeg, 0, at);
                out.writeBytes(segments);
                out.write(jpeg, at, jpeg.length - at);
                return out.toByteArray();
            }
            length = segments.length;
        }
        throw new IllegalStateException("the manifest store's size does not settle");
    }

    static Assertion hashAssertion(long start, long length, byte[] hash) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("exclusions", List.of(Map.of("start", start, "length", length)));
        value.put("name", "jumbf manifest");
        value.put("alg", "sha256");
        value.put("hash", hash);
        value.put("pad", new byte[0]);
        return Assertion.of(HASH_LABEL, value);
    }

    /** After SOI and any APP0 segments that follow it. */
    private static int insertionPoint(byte[] jpeg) {
        int at = 2;
        while (at + 4 <= jpeg.length && ((jpeg[at] & 0xFF) << 8 | (jpeg[at + 1] & 0xFF)) == APP0) {
            at += 2 + ((jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF));
        }
        return at;
    }

    /** The store cut into APP11 segments; every segment after the first repeats the box's LBox and TBox. */
    private static byte[] segments(byte[] store) {
        var out = new ByteArrayOutputStream(store.length + 64);
        int sequence = 1;
        for (int from = 0; from < store.length; from += PIECE, sequence++) {
            byte[] piece = Arrays.copyOfRange(store, from, Math.min(store.length, from + PIECE));
            byte[] repeated = from == 0 ? new byte[0] : Arrays.copyOfRange(store, 0, 8);
            int length = 2 + 2 + INSTANCE.length + 4 + repeated.length + piece.length;
            out.writeBytes(ByteBuffer.allocate(2 + length).putShort((short) APP11).putShort((short) length)
                    .put((byte) 'J').put((byte) 'P').put(INSTANCE).putInt(sequence).put(repeated).put(piece).array());
        }
        return out.toByteArray();
    }
}
