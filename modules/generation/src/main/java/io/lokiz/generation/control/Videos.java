package io.lokiz.generation.control;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Finished media: videos ({@code gen_videos}, what {@code GET /api/video/{id}} shows) and music
 * tracks ({@code gen_tracks}), each recorded with its job and removed by retention.
 */
@ApplicationScoped
@Transactional
public class Videos {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    public Videos() {
    }

    /** On {@code database}, outside the container (unit tests of the job types). */
    public Videos(DataSource database) {
        this.database = database;
    }

    /** Records the job's video; storing the same video again (a repeated upload step) changes nothing. */
    public void add(UUID jobId, String owner, VideoFiles files, JsonObject credentials, Instant now) {
        Jdbc.run(database, "videos", c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO gen_videos (id, job_id, owner, mp4_key, webm_key, hls_key, thumbnail_key, duration_s, size_bytes,
                                            width, height, created_at, credentials)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (id) DO NOTHING""")) {
                st.setObject(1, files.id());
                st.setObject(2, jobId);
                st.setString(3, owner);
                st.setString(4, files.mp4());
                st.setString(5, files.webm());
                st.setString(6, files.hls());
                st.setString(7, files.thumbnail());
                st.setDouble(8, files.duration());
                st.setLong(9, files.size());
                st.setInt(10, files.width());
                st.setInt(11, files.height());
                st.setTimestamp(12, Timestamp.from(now));
                st.setString(13, credentials == null ? null : credentials.toString());
                return st.executeUpdate();
            }
        });
    }

    /** The owner's video; another user's is as absent as a missing one. */
    public Optional<VideoFiles> find(UUID id, String owner) {
        return Jdbc.run(database, "videos", c -> {
            try (var st = c.prepareStatement("""
                    SELECT id, mp4_key, webm_key, hls_key, thumbnail_key, duration_s, size_bytes, width, height
                    FROM gen_videos WHERE id = ? AND owner = ?""")) {
                st.setObject(1, id);
                st.setString(2, owner);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new VideoFiles(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getDouble(6), rs.getLong(7), rs.getInt(8), rs.getInt(9)))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * What the content credentials of the owner's video say ({@code mp4}, and {@code thumbnail} when
     * the video's job made it); empty for another user's, a missing one, or one stored before signing began.
     */
    public Optional<JsonObject> credentials(UUID id, String owner) {
        return Jdbc.run(database, "videos", c -> {
            try (var st = c.prepareStatement("SELECT credentials FROM gen_videos WHERE id = ? AND owner = ? AND credentials IS NOT NULL")) {
                st.setObject(1, id);
                st.setString(2, owner);
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    try (var reader = Json.createReader(new StringReader(rs.getString(1)))) {
                        return Optional.of(reader.readObject());
                    }
                }
            }
        });
    }

    /** Removes up to {@code limit} videos older than {@code keep}; answers their ids (their files go next). */
    public List<Expired> expire(Instant now, Duration keep, int limit) {
        return expire("gen_videos", now, keep, limit);
    }

    /** A video or track removed for its age: its id, the job that made it, its owner. */
    public record Expired(UUID id, UUID jobId, String owner) {
    }

    /** Records the music job's track; recording it again (a repeated step) changes nothing. */
    public void addTrack(UUID id, UUID jobId, String owner, String key, double duration, Instant now) {
        Jdbc.run(database, "tracks", c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO gen_tracks (id, job_id, owner, audio_key, duration_s, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING""")) {
                st.setObject(1, id);
                st.setObject(2, jobId);
                st.setString(3, owner);
                st.setString(4, key);
                st.setDouble(5, duration);
                st.setTimestamp(6, Timestamp.from(now));
                return st.executeUpdate();
            }
        });
    }

    /** Removes up to {@code limit} music tracks older than {@code keep}; answers their ids (their files go next). */
    public List<Expired> expireTracks(Instant now, Duration keep, int limit) {
        return expire("gen_tracks", now, keep, limit);
    }

    /** {@code table} is one of ours, never input: the rows of finished media kept past their time. */
    private List<Expired> expire(String table, Instant now, Duration keep, int limit) {
        return Jdbc.run(database, table, c -> {
            try (var st = c.prepareStatement("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                    + " WHERE created_at < ? ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, job_id, owner")) {
                st.setTimestamp(1, Timestamp.from(now.minus(keep)));
                st.setInt(2, limit);
                List<Expired> expired = new ArrayList<>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        expired.add(new Expired(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)));
                    }
                }
                return expired;
            }
        });
    }
}
