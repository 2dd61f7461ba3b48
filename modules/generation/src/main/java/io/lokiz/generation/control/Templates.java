package io.lokiz.generation.control;

import io.lokiz.kernel.Jdbc;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The template catalogue ({@code gen_templates}): users see the enabled ones, admins keep them all. */
@ApplicationScoped
@Transactional
public class Templates {

    /** A template: its id (as requests name it), name, default prompt, the motion the local provider renders. */
    public record Template(String id, String name, @JsonbProperty("default_prompt") String defaultPrompt, String motion,
                           boolean enabled) {
    }

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;

    @Inject
    public Templates(Clock clock) {
        this.clock = clock;
    }

    protected Templates() {
        this(null);
    }

    public List<Template> all(boolean enabledOnly) {
        return Jdbc.run(database, "templates", c -> {
            try (var st = c.prepareStatement("SELECT id, name, default_prompt, motion, enabled FROM gen_templates"
                    + (enabledOnly ? " WHERE enabled" : "") + " ORDER BY id");
                 var rs = st.executeQuery()) {
                List<Template> templates = new ArrayList<>();
                while (rs.next()) {
                    templates.add(template(rs));
                }
                return templates;
            }
        });
    }

    public Optional<Template> find(String id) {
        return read(id, "");
    }

    /** The template, locked until the transaction ends: what an admin's change replaces. */
    public Optional<Template> locked(String id) {
        return read(id, " FOR UPDATE");
    }

    private Optional<Template> read(String id, String lock) {
        return Jdbc.run(database, "templates", c -> {
            try (var st = c.prepareStatement("SELECT id, name, default_prompt, motion, enabled FROM gen_templates WHERE id = ?" + lock)) {
                st.setString(1, id);
                try (var rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(template(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Creates the template, or replaces what an existing one with that id says; answers whether it was new. */
    public boolean save(Template template) {
        return Jdbc.run(database, "templates", c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO gen_templates (id, name, default_prompt, motion, enabled, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, default_prompt = excluded.default_prompt,
                        motion = excluded.motion, enabled = excluded.enabled, updated_at = excluded.updated_at
                    RETURNING (xmax = 0)""")) {
                Timestamp now = Timestamp.from(clock.instant());
                st.setString(1, template.id());
                st.setString(2, template.name());
                st.setString(3, template.defaultPrompt());
                st.setString(4, template.motion());
                st.setBoolean(5, template.enabled());
                st.setTimestamp(6, now);
                st.setTimestamp(7, now);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    private static Template template(ResultSet rs) throws SQLException {
        return new Template(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5));
    }
}
