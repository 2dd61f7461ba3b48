package io.lokiz.provenance.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * CBOR (RFC 8949) for assertions and claims: maps with text keys, written from plain Java values
 * ({@code byte[]} is a byte string), and read back as a tree.
 */
public final class Cbor {

    private static final CBORMapper MAPPER = new CBORMapper();

    private Cbor() {
    }

    public static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode decode(byte[] cbor) {
        try {
            return MAPPER.readTree(cbor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
