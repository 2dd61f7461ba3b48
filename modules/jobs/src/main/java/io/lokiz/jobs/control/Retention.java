package io.lokiz.jobs.control;

import io.lokiz.kernel.Directories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the engine promises to forget: scratch files of failed jobs after a day (spec REQ-S-004),
 * finished jobs after the retention period (their job type forgets its own results). Every sweep
 * is idempotent; rows are taken with {@code SKIP LOCKED}, so every node may sweep at the same time.
 */
public final class Retention {

    private final Duration failedFiles;
    private final Duration keep;

    public Retention(Duration failedFiles, Duration keep) {
        this.failedFiles = failedFiles;
        this.keep = keep;
    }

    /** Deletes this node's scratch directories no running job needs; answers how many went. */
    public int sweepWorkDirs(Connection c, Path workRoot, Instant now) throws SQLException, IOException {
        if (!Files.isDirectory(workRoot)) {
            return 0;
        }
        Map<UUID, Path> dirs = new HashMap<>();
        try (Stream<Path> children = Files.list(workRoot)) {
            for (Path dir : children.toList()) {
                try {
                    dirs.put(UUID.fromString(dir.getFileName().toString()), dir);
                } catch (IllegalArgumentException notOurs) {
                    // leave anything that is not a job's directory alone
                }
            }
        }
        Map<UUID, Boolean> needed = new HashMap<>();
        if (!dirs.isEmpty()) {
            try (var st = c.prepareStatement("SELECT id, state, updated_at FROM job_jobs WHERE id = ANY(?)")) {
                st.setArray(1, c.createArrayOf("uuid", dirs.keySet().toArray()));
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString(2);
                        boolean running = !(state.equals("COMPLETED") || state.equals("CANCELED") || state.equals("FAILED"));
                        boolean freshFailure = state.equals("FAILED") && rs.getTimestamp(3).toInstant().plus(failedFiles).isAfter(now);
                        needed.put(rs.getObject(1, UUID.class), running || freshFailure);
                    }
                }
            }
        }
        int deleted = 0;
        for (var dir : dirs.entrySet()) {
            if (!needed.getOrDefault(dir.getKey(), false)) {
                Directories.delete(dir.getValue());
                deleted++;
            }
        }
        return deleted;
    }

    /** Removes up to {@code limit} finished jobs older than the retention period; their events and request keys go with them. */
    public int expireJobs(Connection c, Instant now, int limit) throws SQLException {
        try (var st = c.prepareStatement("""
                DELETE FROM job_jobs WHERE id IN (
                    SELECT id FROM job_jobs WHERE step IS NULL AND created_at < ?
                    ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)""")) {
            st.setTimestamp(1, Timestamp.from(now.minus(keep)));
            st.setInt(2, limit);
            return st.executeUpdate();
        }
    }
}
