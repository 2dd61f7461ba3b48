package io.lokiz.provenance.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * A manifest store in an ISO BMFF file (MP4, M4A), as C2PA specifies: a top-level {@code uuid} box
 * of the C2PA extended type, purpose {@code manifest}, right after {@code ftyp} so a player or a
 * reader meets it before the media; the file hard-bound by a {@code c2pa.hash.bmff.v2} assertion.
 * Version 2 hashes every top-level box but the excluded ones, each preceded by its offset in the
 * file (64-bit big-endian), so moving a box breaks the hash as surely as changing a byte.
 * Inserting the box moves what follows, so the chunk offsets in {@code stco}/{@code co64} move too.
 */
public final class Bmff {

    public static final String HASH_LABEL = "c2pa.hash.bmff.v2";
    static final byte[] C2PA_UUID = HexFormat.of().parseHex("d8fec3d61b0e483c92975828877ec481");
    /** Boxes the hash leaves out, whole (the C2PA box itself is left out by its extended type). */
    private static final Set<String> EXCLUDED = Set.of("ftyp", "mfra", "free", "skip");
    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");
    private static final byte[] PURPOSE = "manifest\0".getBytes(StandardCharsets.US_ASCII);

    /** A top-level box: its four-letter type, where it starts, its whole size. */
    record Box(String type, long offset, long size) {
    }

    private Bmff() {
    }

    /**
     * Writes {@code in} with a manifest store to {@code out} (which must not exist). {@code store}
     * makes the store for a given hard-binding assertion; it is asked twice, first with a zero
     * hash to learn the store's size, which the offsets being hashed depend on.
     */
    public static void embed(Path in, Path out, Function<Assertion, byte[]> store) throws IOException {
        try (FileChannel src = FileChannel.open(in, READ)) {
            List<Box> boxes = topLevel(src);
            if (boxes.isEmpty() || !boxes.get(0).type().equals("ftyp")) {
                throw new IllegalArgumentException("not an ISO BMFF file: it does not start with an ftyp box");
            }
            for (Box b : boxes) {
                if (b.type().equals("uuid") && Arrays.equals(read(src, b.offset() + 8, 16), C2PA_UUID)) {
                    throw new IllegalArgumentException("the file already carries a C2PA manifest store");
                }
                if (b.type().equals("moof")) {
                    throw new IllegalArgumentException("fragmented MP4 is not signed here (its fragments would need a Merkle tree)");
                }
            }
            Box moov = boxes.stream().filter(b -> b.type().equals("moov")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not a playable ISO BMFF file: no moov box"));

            long shift = manifestBox(store.apply(hashAssertion(new byte[32]))).length;
            byte[] movedMoov = read(src, moov.offset(), Math.toIntExact(moov.size()));
            moveChunkOffsets(ByteBuffer.wrap(movedMoov), shift);

            MessageDigest hash = Assertion.digest();
            for (Box b : boxes) {
                if (EXCLUDED.contains(b.type())) {
                    continue;
                }
                hash.update(ByteBuffer.allocate(8).putLong(b.offset() + shift).array());
                if (b == moov) {
                    hash.update(movedMoov);
                } else {
                    digest(src, b, hash);
                }
            }
            byte[] manifest = manifestBox(store.apply(hashAssertion(hash.digest())));
            if (manifest.length != shift) {
                throw new IllegalStateException("the manifest store changed size between its two passes");
            }

            try (FileChannel dst = FileChannel.open(out, CREATE_NEW, WRITE)) {
                Box ftyp = boxes.get(0);
                copy(src, ftyp, dst);
                dst.write(ByteBuffer.wrap(manifest));
                for (Box b : boxes.subList(1, boxes.size())) {
                    if (b == moov) {
                        dst.write(ByteBuffer.wrap(movedMoov));
                    } else {
                        copy(src, b, dst);
                    }
                }
            }
        }
    }

    /** The assertion binding the file: what is excluded and the hash of the rest. */
    static Assertion hashAssertion(byte[] hash) {
        List<Map<String, Object>> exclusions = new ArrayList<>();
        exclusions.add(Map.of("xpath", "/uuid", "data", List.of(Map.of("offset", 8, "value", C2PA_UUID))));
        EXCLUDED.stream().sorted().forEach(type -> exclusions.add(Map.of("xpath", "/" + type)));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("exclusions", exclusions);
        value.put("alg", "sha256");
        value.put("hash", hash);
        value.put("name", "jumbf manifest");
        return Assertion.of(HASH_LABEL, value);
    }

    /** The C2PA box: extended type, version and flags 0, purpose, no Merkle boxes (offset 0), the store. */
    private static byte[] manifestBox(byte[] store) {
        int size = 8 + 16 + 4 + PURPOSE.length + 8 + store.length;
        return ByteBuffer.allocate(size).putInt(size).put("uuid".getBytes(StandardCharsets.US_ASCII)).put(C2PA_UUID)
                .putInt(0).put(PURPOSE).putLong(0).put(store).array();
    }

    static List<Box> topLevel(FileChannel file) throws IOException {
        List<Box> boxes = new ArrayList<>();
        long length = file.size();
        long at = 0;
        while (at + 8 <= length) {
            ByteBuffer header = ByteBuffer.wrap(read(file, at, (int) Math.min(16, length - at)));
            long size = Integer.toUnsignedLong(header.getInt());
            String type = new String(new byte[]{header.get(), header.get(), header.get(), header.get()}, StandardCharsets.ISO_8859_1);
            if (size == 1) {
                size = header.getLong();
            } else if (size == 0) {
                size = length - at;
            }
            if (size < 8 || at + size > length) {
                throw new IllegalArgumentException("a broken ISO BMFF file: box " + type + " at " + at + " claims " + size + " bytes");
            }
            boxes.add(new Box(type, at, size));
            at += size;
        }
        if (at != length) {
            throw new IllegalArgumentException("a broken ISO BMFF file: " + (length - at) + " stray bytes at its end");
        }
        return boxes;
    }

    /** Adds {@code shift} to every chunk offset below the box at the buffer's position. */
    private static void moveChunkOffsets(ByteBuffer box, long shift) {
        int start = box.position();
        long size = Integer.toUnsignedLong(box.getInt(start));
        String type = type(box, start + 4);
        int header = 8;
        if (size == 1) {
            size = box.getLong(start + 8);
            header = 16;
        }
        int end = Math.toIntExact(start + size);
        switch (type) {
            case "stco" -> {
                int count = box.getInt(start + header + 4);
                for (int i = 0, p = start + header + 8; i < count; i++, p += 4) {
                    long moved = Integer.toUnsignedLong(box.getInt(p)) + shift;
                    if (moved > 0xFFFF_FFFFL) {
                        throw new IllegalArgumentException("a chunk offset would pass 4 GiB; the file needs co64");
                    }
                    box.putInt(p, (int) moved);
                }
            }
            case "co64" -> {
                int count = box.getInt(start + header + 4);
                for (int i = 0, p = start + header + 8; i < count; i++, p += 8) {
                    box.putLong(p, box.getLong(p) + shift);
                }
            }
            default -> {
                if (CONTAINERS.contains(type)) {
                    for (int p = start + header; p + 8 <= end; ) {
                        box.position(p);
                        moveChunkOffsets(box, shift);
                        long child = Integer.toUnsignedLong(box.getInt(p));
                        p += (int) (child == 1 ? box.getLong(p + 8) : child);
                        if (child == 0) {
                            break;
                        }
                    }
                }
            }
        }
        box.position(start);
    }

    private static String type(ByteBuffer b, int at) {
        return new String(new byte[]{b.get(at), b.get(at + 1), b.get(at + 2), b.get(at + 3)}, StandardCharsets.ISO_8859_1);
    }

    private static byte[] read(FileChannel file, long at, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, at + buffer.position()) < 0) {
                throw new IOException("the file ended early");
            }
        }
        return buffer.array();
    }

    private static void digest(FileChannel file, Box box, MessageDigest hash) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (long at = box.offset(), end = box.offset() + box.size(); at < end; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            int n = file.read(buffer, at);
            if (n < 0) {
                throw new IOException("the file ended early");
            }
            hash.update(buffer.flip());
            at += n;
        }
    }

    private static void copy(FileChannel from, Box box, FileChannel to) throws IOException {
        for (long done = 0; done < box.size(); ) {
            done += from.transferTo(box.offset() + done, box.size() - done, to);
        }
    }
}
