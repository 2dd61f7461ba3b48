package io.lokiz.generation.control;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Music tracks ({@code gen_tracks}): recorded with their job, removed by retention like videos. */
@ApplicationScoped
@Transactional
public class Tracks {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    /** Records the job's track; recording it again (a repeated step) changes nothing. */
    public void add(UUID id, UUID jobId, String owner, String key, double duration, Instant now) {
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

    /** Removes up to {@code limit} tracks older than {@code keep}; answers their ids (their files go next). */
    public List<UUID> expire(Instant now, Duration keep, int limit) {
        return Jdbc.run(database, "tracks", c -> {
            try (var st = c.prepareStatement("""
                    DELETE FROM gen_tracks WHERE id IN (
                        SELECT id FROM gen_tracks WHERE created_at < ? ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING id""")) {
                st.setTimestamp(1, Timestamp.from(now.minus(keep)));
                st.setInt(2, limit);
                List<UUID> ids = new ArrayList<>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }
}
