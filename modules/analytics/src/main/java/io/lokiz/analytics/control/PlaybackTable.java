package io.lokiz.analytics.control;

import io.lokiz.analytics.PlaybackEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The playback figures in {@code analytics_video_days} and the day's viewers in {@code analytics_viewers}. */
public final class PlaybackTable {

    private PlaybackTable() {
    }

    /** Counts one event into the video's row for {@code day}; a viewer's first play of the day also counts them. */
    public static void count(Connection c, UUID video, String owner, LocalDate day, PlaybackEvent event) throws SQLException {
        if (event.kind() == PlaybackEvent.Kind.PLAY) {
            // One statement: concurrent first plays of the same viewer count them once.
            try (var st = c.prepareStatement("""
                    WITH fresh AS (INSERT INTO analytics_viewers (video_id, day, viewer) VALUES (?, ?, ?)
                                   ON CONFLICT DO NOTHING RETURNING 1)
                    INSERT INTO analytics_video_days (video_id, day, owner, plays, viewers)
                    VALUES (?, ?, ?, 1, (SELECT count(*) FROM fresh))
                    ON CONFLICT (video_id, day) DO UPDATE SET plays = analytics_video_days.plays + 1,
                                                             viewers = analytics_video_days.viewers + EXCLUDED.viewers""")) {
                st.setObject(1, video);
                st.setDate(2, Date.valueOf(day));
                st.setBytes(3, viewerHash(owner, event.viewer()));
                st.setObject(4, video);
                st.setDate(5, Date.valueOf(day));
                st.setString(6, owner);
                st.executeUpdate();
            }
            return;
        }
        String column = switch (event.kind()) {
            case PROGRESS -> "watch_seconds";
            case COMPLETE -> "completions";
            default -> "errors";
        };
        try (var st = c.prepareStatement("INSERT INTO analytics_video_days (video_id, day, owner, " + column + ") VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (video_id, day) DO UPDATE SET " + column + " = analytics_video_days." + column + " + EXCLUDED." + column)) {
            st.setObject(1, video);
            st.setDate(2, Date.valueOf(day));
            st.setString(3, owner);
            if (event.kind() == PlaybackEvent.Kind.PROGRESS) {
                st.setDouble(4, event.seconds());
            } else {
                st.setLong(4, 1);
            }
            st.executeUpdate();
        }
    }

    /** The video's figures for each day from {@code from} to {@code to} (inclusive) with any, and over all of them. */
    public static VideoStats video(Connection c, UUID video, LocalDate from, LocalDate to) throws SQLException {
        var days = new ArrayList<VideoStats.Day>();
        String owner = null;
        try (var st = c.prepareStatement("""
                SELECT day, owner, plays, viewers, watch_seconds, completions, errors FROM analytics_video_days
                WHERE video_id = ? AND day BETWEEN ? AND ? ORDER BY day""")) {
            st.setObject(1, video);
            st.setDate(2, Date.valueOf(from));
            st.setDate(3, Date.valueOf(to));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    owner = rs.getString(2);
                    days.add(new VideoStats.Day(rs.getDate(1).toLocalDate(),
                            Figures.of(rs.getLong(3), rs.getLong(4), rs.getDouble(5), rs.getLong(6), rs.getLong(7))));
                }
            }
        }
        long unique;
        try (var st = c.prepareStatement("SELECT count(DISTINCT viewer) FROM analytics_viewers WHERE video_id = ? AND day BETWEEN ? AND ?")) {
            st.setObject(1, video);
            st.setDate(2, Date.valueOf(from));
            st.setDate(3, Date.valueOf(to));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                unique = rs.getLong(1);
            }
        }
        Figures total = Figures.of(days.stream().mapToLong(d -> d.figures().plays()).sum(), unique,
                days.stream().mapToDouble(d -> d.figures().watchSeconds()).sum(),
                days.stream().mapToLong(d -> d.figures().completions()).sum(),
                days.stream().mapToLong(d -> d.figures().errors()).sum());
        return new VideoStats(video, owner, from, to, total, List.copyOf(days));
    }

    /** The {@code limit} most played videos from {@code from} to {@code to}, most plays first. */
    public static List<VideoStats.Summary> top(Connection c, LocalDate from, LocalDate to, int limit) throws SQLException {
        var top = new ArrayList<VideoStats.Summary>();
        try (var st = c.prepareStatement("""
                SELECT d.video_id, min(d.owner), sum(d.plays), sum(d.watch_seconds), sum(d.completions), sum(d.errors),
                       (SELECT count(DISTINCT v.viewer) FROM analytics_viewers v
                        WHERE v.video_id = d.video_id AND v.day BETWEEN ? AND ?)
                FROM analytics_video_days d WHERE d.day BETWEEN ? AND ?
                GROUP BY d.video_id ORDER BY sum(d.plays) DESC, sum(d.watch_seconds) DESC, d.video_id LIMIT ?""")) {
            st.setDate(1, Date.valueOf(from));
            st.setDate(2, Date.valueOf(to));
            st.setDate(3, Date.valueOf(from));
            st.setDate(4, Date.valueOf(to));
            st.setInt(5, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    top.add(new VideoStats.Summary(rs.getObject(1, UUID.class), rs.getString(2),
                            Figures.of(rs.getLong(3), rs.getLong(7), rs.getDouble(4), rs.getLong(5), rs.getLong(6))));
                }
            }
        }
        return top;
    }

    /** Forgets figures and viewers of days before {@code before}; answers how many rows went. */
    public static int prune(Connection c, LocalDate before) throws SQLException {
        int removed = 0;
        for (String table : List.of("analytics_viewers", "analytics_video_days")) {
            try (var st = c.prepareStatement("DELETE FROM " + table + " WHERE day < ?")) {
                st.setDate(1, Date.valueOf(before));
                removed += st.executeUpdate();
            }
        }
        return removed;
    }

    /** A viewer as stored: a hash, salted with the owner so that ids do not link across accounts. */
    private static byte[] viewerHash(String owner, String viewer) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((owner + "\n" + viewer).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
