package io.lokiz.provenance.control;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** One assertion of a manifest: its label and its CBOR, held in a JUMBF superbox of content type CBOR. */
public record Assertion(String label, byte[] cbor) {

    public static Assertion of(String label, Object value) {
        return new Assertion(label, Cbor.encode(value));
    }

    public byte[] box() {
        return Jumbf.superbox(Jumbf.CBOR, label, Jumbf.cbor(cbor));
    }

    /** The hash the claim binds the assertion with: SHA-256 of its superbox's payload. */
    public byte[] hash() {
        return sha256(Jumbf.payload(box()));
    }

    static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
