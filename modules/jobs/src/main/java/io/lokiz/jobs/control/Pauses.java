package io.lokiz.jobs.control;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which job types an admin paused ({@code job_type_pauses}): read by every node's admission and claims, so a pause
 * holds across the cluster from its commit on.
 */
@ApplicationScoped
@Transactional
public class Pauses {

    /** A paused type: since when, and by whom. */
    public record Pause(Instant since, String by) {
    }

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    public Optional<Pause> of(String type) {
        return Jdbc.run(database, "job type pauses", c -> {
            try (var st = c.prepareStatement("SELECT paused_at, paused_by FROM job_type_pauses WHERE type = ?")) {
                st.setString(1, type);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(new Pause(rs.getTimestamp(1).toInstant(), rs.getString(2))) : Optional.empty();
                }
            }
        });
    }

    /** Every paused type. */
    public Map<String, Pause> all() {
        return Jdbc.run(database, "job type pauses", c -> {
            try (var st = c.prepareStatement("SELECT type, paused_at, paused_by FROM job_type_pauses ORDER BY type");
                 var rs = st.executeQuery()) {
                Map<String, Pause> paused = new LinkedHashMap<>();
                while (rs.next()) {
                    paused.put(rs.getString(1), new Pause(rs.getTimestamp(2).toInstant(), rs.getString(3)));
                }
                return paused;
            }
        });
    }

    /** Pauses the type; a type paused already keeps its first pause. */
    public void pause(String type, String by, Instant now) {
        Jdbc.run(database, "job type pauses", c -> {
            try (var st = c.prepareStatement("INSERT INTO job_type_pauses (type, paused_at, paused_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                st.setString(1, type);
                st.setTimestamp(2, Timestamp.from(now));
                st.setString(3, by);
                return st.executeUpdate();
            }
        });
    }

    /** Resumes the type; true when it was paused. */
    public boolean resume(String type) {
        return Jdbc.run(database, "job type pauses", c -> {
            try (var st = c.prepareStatement("DELETE FROM job_type_pauses WHERE type = ?")) {
                st.setString(1, type);
                return st.executeUpdate() == 1;
            }
        });
    }
}
