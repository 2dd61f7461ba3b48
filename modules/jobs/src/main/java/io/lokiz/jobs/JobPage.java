package io.lokiz.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A page of a user's jobs, newest first, and the cursor of the next page (null at the end). A
 * cursor names the last job shown (its creation time and id), so pages neither skip nor repeat
 * jobs when new ones arrive meanwhile; it is opaque to clients.
 */
public record JobPage(List<JobRecord> jobs, String next) {

    /** Where a page starts: after the job created at {@code createdAt} with {@code id}. */
    public record Cursor(Instant createdAt, UUID id) {

        public String encode() {
            String plain = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor a client sent back; empty for anything we did not make. */
        public static Optional<Cursor> decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":");
                return Optional.of(new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        UUID.fromString(parts[2])));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
