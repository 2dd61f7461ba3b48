package io.lokiz.jobs.control;

import io.lokiz.storage.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What the product promises to forget: scratch files of failed jobs after a day (spec REQ-S-004),
 * jobs and their videos after the retention period, images no job uses anymore. Every sweep is
 * idempotent; rows are taken with {@code SKIP LOCKED}, so every node may sweep at the same time.
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
                deleteTree(dir.getValue());
                deleted++;
            }
        }
        return deleted;
    }

    /** Removes up to {@code limit} finished jobs older than the retention period, with their videos. */
    public int expireJobs(Connection c, Storage storage, Instant now, int limit) throws SQLException, IOException {
        List<UUID[]> old = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT id, video_id FROM job_jobs WHERE step IS NULL AND created_at < ?
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            st.setTimestamp(1, Timestamp.from(now.minus(keep)));
            st.setInt(2, limit);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    old.add(new UUID[]{rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
                }
            }
        }
        for (UUID[] job : old) {
            if (job[1] != null) {
                storage.deleteAll("videos/" + job[1]);
                delete(c, "DELETE FROM job_videos WHERE id = ?", job[1]);
            }
            delete(c, "DELETE FROM job_jobs WHERE id = ?", job[0]); // events and request keys go with it
        }
        return old.size();
    }

    /** Removes images older than the retention period that no job refers to any more. */
    public int expireImages(Connection c, Storage storage, Instant now, int limit) throws SQLException, IOException {
        List<String> keys = new ArrayList<>();
        try (var st = c.prepareStatement("""
                DELETE FROM job_images WHERE id IN (
                    SELECT i.id FROM job_images i
                    WHERE i.created_at < ? AND NOT EXISTS (SELECT 1 FROM job_jobs j WHERE j.image_id = i.id)
                    LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING storage_key""")) {
            st.setTimestamp(1, Timestamp.from(now.minus(keep)));
            st.setInt(2, limit);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        for (String key : keys) {
            storage.deleteAll(key);
        }
        try (var st = c.prepareStatement("DELETE FROM job_rate_windows WHERE window_start < ?")) {
            st.setTimestamp(1, Timestamp.from(now.minus(Duration.ofHours(1))));
            st.executeUpdate();
        }
        return keys.size();
    }

    private static void delete(Connection c, String sql, UUID id) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            st.executeUpdate();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
