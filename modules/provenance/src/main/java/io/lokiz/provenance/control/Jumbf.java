package io.lokiz.provenance.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JUMBF (ISO/IEC 19566-5) as C2PA uses it: boxes of a 32-bit size and a four-letter type;
 * superboxes ({@code jumb}) that start with a description ({@code jumd}: a content type UUID,
 * the toggles "requestable, label present" and a label) and hold content boxes or superboxes.
 */
public final class Jumbf {

    /** The content types: the manifest store, a manifest, its assertion store, claim and signature, a CBOR assertion. */
    public static final byte[] STORE = type("c2pa");
    public static final byte[] MANIFEST = type("c2ma");
    public static final byte[] ASSERTIONS = type("c2as");
    public static final byte[] CLAIM = type("c2cl");
    public static final byte[] SIGNATURE = type("c2cs");
    public static final byte[] CBOR = type("cbor");

    private static final byte REQUESTABLE_AND_LABELLED = 0x03;

    private Jumbf() {
    }

    /** A superbox: its description and then its children, each a whole box. */
    public static byte[] superbox(byte[] contentType, String label, byte[]... children) {
        byte[] name = label.getBytes(StandardCharsets.UTF_8);
        ByteBuffer description = ByteBuffer.allocate(16 + 1 + name.length + 1)
                .put(contentType).put(REQUESTABLE_AND_LABELLED).put(name).put((byte) 0);
        byte[][] parts = new byte[children.length + 1][];
        parts[0] = box("jumd", description.array());
        System.arraycopy(children, 0, parts, 1, children.length);
        return box("jumb", parts);
    }

    /** A CBOR content box. */
    public static byte[] cbor(byte[] cbor) {
        return box("cbor", cbor);
    }

    /** What C2PA hashes to bind a superbox: its payload, the description and children without the superbox's own header. */
    public static byte[] payload(byte[] box) {
        return Arrays.copyOfRange(box, 8, box.length);
    }

    static byte[] box(String type, byte[]... payloads) {
        int size = 8 + Arrays.stream(payloads).mapToInt(p -> p.length).sum();
        var out = new ByteArrayOutputStream(size);
        out.writeBytes(ByteBuffer.allocate(8).putInt(size).put(type.getBytes(StandardCharsets.US_ASCII)).array());
        for (byte[] p : payloads) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A C2PA content type UUID: the four letters, then {@code 0011-0010-8000-00AA00389B71}. */
    private static byte[] type(String fourLetters) {
        return ByteBuffer.allocate(16).put(fourLetters.getBytes(StandardCharsets.US_ASCII))
                .putInt(0x00110010).putInt(0x800000AA).putInt(0x00389B71).array();
    }
}
