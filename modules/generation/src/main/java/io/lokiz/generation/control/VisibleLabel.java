package io.lokiz.generation.control;

import io.lokiz.kernel.Jdbc;
import io.lokiz.media.Branding;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;

/**
 * The visible "AI-generated" label, the second layer beside the signed manifest: off until an
 * admin turns it on ({@code gen_visible_label}, one row); read by whichever node encodes a job.
 */
@ApplicationScoped
@Transactional
public class VisibleLabel {

    /** Whether videos are labelled, in which corner, and who said so last. */
    public record Setting(boolean enabled, Branding.Corner corner, Instant updatedAt, String updatedBy) {
    }

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    public VisibleLabel() {
    }

    /** On {@code database}, outside the container (unit tests of the job types). */
    public VisibleLabel(DataSource database) {
        this.database = database;
    }

    public Setting current() {
        return read("");
    }

    /** The setting, locked until the transaction ends: what an admin's change replaces. */
    public Setting locked() {
        return read(" FOR UPDATE");
    }

    private Setting read(String lock) {
        return Jdbc.run(database, "visible label", c -> {
            try (var st = c.prepareStatement("SELECT enabled, corner, updated_at, updated_by FROM gen_visible_label" + lock);
                 var rs = st.executeQuery()) {
                rs.next();
                return new Setting(rs.getBoolean(1), Branding.Corner.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                        rs.getTimestamp(3).toInstant(), rs.getString(4));
            }
        });
    }

    public Setting set(boolean enabled, Branding.Corner corner, String by, Instant now) {
        Jdbc.run(database, "visible label", c -> {
            try (var st = c.prepareStatement("UPDATE gen_visible_label SET enabled = ?, corner = ?, updated_at = ?, updated_by = ?")) {
                st.setBoolean(1, enabled);
                st.setString(2, corner.name().toLowerCase(Locale.ROOT));
                st.setTimestamp(3, Timestamp.from(now));
                st.setString(4, by);
                return st.executeUpdate();
            }
        });
        return new Setting(enabled, corner, now, by);
    }
}
