package io.lokiz.assets.control;

import io.lokiz.assets.UploadedVideo;
import io.lokiz.media.VideoFacts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code asset_videos}, on the caller's connection and transaction. */
public final class VideoTable {

    private static final String COLUMNS = "id, owner, container, duration_s, width, height, rotation, video_codec, audio_codec, "
            + "size_bytes, storage_key, poster_key, created_at";

    public void insert(Connection c, UploadedVideo video) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO asset_videos (" + COLUMNS + ", last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            VideoFacts f = video.facts();
            st.setObject(1, video.id());
            st.setString(2, video.owner());
            st.setString(3, f.container());
            st.setDouble(4, f.duration());
            st.setInt(5, f.width());
            st.setInt(6, f.height());
            st.setInt(7, f.rotation());
            st.setString(8, f.videoCodec());
            st.setString(9, f.audioCodec());
            st.setLong(10, video.size());
            st.setString(11, video.storageKey());
            st.setString(12, video.posterKey());
            st.setTimestamp(13, Timestamp.from(video.createdAt()));
            st.setTimestamp(14, Timestamp.from(video.createdAt()));
            st.executeUpdate();
        }
    }

    public Optional<UploadedVideo> find(Connection c, UUID id, String owner) throws SQLException {
        try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM asset_videos WHERE id = ? AND owner = ?")) {
            st.setObject(1, id);
            st.setString(2, owner);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(video(rs)) : Optional.empty();
            }
        }
    }

    /** Marks the owner's video as used now, so retention keeps it; empty when the owner has no such video. */
    public Optional<UploadedVideo> use(Connection c, UUID id, String owner, Instant now) throws SQLException {
        try (var st = c.prepareStatement("UPDATE asset_videos SET last_used_at = ? WHERE id = ? AND owner = ? RETURNING " + COLUMNS)) {
            st.setTimestamp(1, Timestamp.from(now));
            st.setObject(2, id);
            st.setString(3, owner);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(video(rs)) : Optional.empty();
            }
        }
    }

    /** Removes up to {@code limit} videos unused for {@code keep}; answers the storage prefixes of their files. */
    public List<String> expire(Connection c, Instant now, Duration keep, int limit) throws SQLException {
        try (var st = c.prepareStatement("""
                DELETE FROM asset_videos WHERE id IN (
                    SELECT id FROM asset_videos WHERE last_used_at < ? LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id""")) {
            st.setTimestamp(1, Timestamp.from(now.minus(keep)));
            st.setInt(2, limit);
            List<String> prefixes = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    prefixes.add(VideoTable.folder(rs.getObject(1, UUID.class)));
                }
            }
            return prefixes;
        }
    }

    /**
     * Where a video's files live in storage, its source and its poster: the key prefix that
     * {@code Storage.deleteAll} takes (keys below it are {@code uploads/<id>/…}).
     */
    public static String folder(UUID id) {
        return "uploads/" + id;
    }

    private static UploadedVideo video(ResultSet rs) throws SQLException {
        var facts = new VideoFacts(rs.getString(3), rs.getDouble(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getString(8),
                rs.getString(9));
        return new UploadedVideo(rs.getObject(1, UUID.class), rs.getString(2), facts, rs.getLong(10), rs.getString(11),
                rs.getString(12), rs.getTimestamp(13).toInstant());
    }
}
