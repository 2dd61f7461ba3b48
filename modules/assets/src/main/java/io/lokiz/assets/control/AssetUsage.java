package io.lokiz.assets.control;

import java.sql.Connection;
import java.sql.SQLException;

/** What an owner's uploads take, images and videos together, against one storage quota. */
public final class AssetUsage {

    private AssetUsage() {
    }

    /**
     * The bytes the owner's uploads take, with the owner's quota locked until the transaction
     * ends: a concurrent upload of the same owner, on any node, waits here, then counts this one too.
     */
    public static long lock(Connection c, String owner) throws SQLException {
        try (var st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            st.setString(1, "asset-quota:" + owner);
            st.execute();
        }
        try (var st = c.prepareStatement("""
                SELECT (SELECT coalesce(sum(size_bytes), 0) FROM asset_images WHERE owner = ?)
                     + (SELECT coalesce(sum(size_bytes), 0) FROM asset_videos WHERE owner = ?)""")) {
            st.setString(1, owner);
            st.setString(2, owner);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
