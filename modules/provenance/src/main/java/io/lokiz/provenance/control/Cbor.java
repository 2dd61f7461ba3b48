package io.lokiz.provenance.control;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * CBOR (RFC 8949) for assertions, claims and COSE, written with Jackson's streaming generator
 * (no data binding): maps, lists, text, integers, booleans, null and {@code byte[]} as a byte
 * string, every map and array of definite length. {@link #write} lets COSE write integer keys.
 */
public final class Cbor {

    private static final CBORFactory FACTORY = new CBORFactory();

    /** What writes one CBOR item. */
    @FunctionalInterface
    public interface Writes {
        void to(CBORGenerator g) throws IOException;
    }

    private Cbor() {
    }

    public static byte[] encode(Object value) {
        return write(g -> value(g, value));
    }

    public static byte[] write(Writes writes) {
        var out = new ByteArrayOutputStream();
        try (CBORGenerator g = FACTORY.createGenerator(out)) {
            writes.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void value(CBORGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof byte[] b) {
            g.writeBinary(b);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject(null, map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray(null, list.size());
            for (Object item : list) {
                value(g, item);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("no CBOR for a " + value.getClass().getName());
        }
    }
}
