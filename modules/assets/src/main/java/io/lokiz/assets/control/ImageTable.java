package io.lokiz.assets.control;

import io.lokiz.assets.Image;

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

/** The SQL of {@code asset_images}, on the caller's connection and transaction. */
public final class ImageTable {

    private static final String COLUMNS = "id, owner, content_type, width, height, size_bytes, storage_key, created_at";

    public void insert(Connection c, Image image) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO asset_images (" + COLUMNS + ", last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setObject(1, image.id());
            st.setString(2, image.owner());
            st.setString(3, image.contentType());
            st.setInt(4, image.width());
            st.setInt(5, image.height());
            st.setLong(6, image.size());
            st.setString(7, image.storageKey());
            st.setTimestamp(8, Timestamp.from(image.createdAt()));
            st.setTimestamp(9, Timestamp.from(image.createdAt()));
            st.executeUpdate();
        }
    }

    public Optional<Image> find(Connection c, UUID id) throws SQLException {
        try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM asset_images WHERE id = ?")) {
            st.setObject(1, id);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(image(rs)) : Optional.empty();
            }
        }
    }

    /** Marks the owner's image as used now, so retention keeps it; empty when the owner has no such image. */
    public Optional<Image> use(Connection c, UUID id, String owner, Instant now) throws SQLException {
        try (var st = c.prepareStatement("UPDATE asset_images SET last_used_at = ? WHERE id = ? AND owner = ? RETURNING " + COLUMNS)) {
            st.setTimestamp(1, Timestamp.from(now));
            st.setObject(2, id);
            st.setString(3, owner);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(image(rs)) : Optional.empty();
            }
        }
    }

    /** Removes up to {@code limit} images unused for {@code keep}; answers their storage keys. */
    public List<String> expire(Connection c, Instant now, Duration keep, int limit) throws SQLException {
        try (var st = c.prepareStatement("""
                DELETE FROM asset_images WHERE id IN (
                    SELECT id FROM asset_images WHERE last_used_at < ? LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING storage_key""")) {
            st.setTimestamp(1, Timestamp.from(now.minus(keep)));
            st.setInt(2, limit);
            List<String> keys = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            return keys;
        }
    }

    private static Image image(ResultSet rs) throws SQLException {
        return new Image(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                rs.getLong(6), rs.getString(7), rs.getTimestamp(8).toInstant());
    }
}
