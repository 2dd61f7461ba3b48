package io.lokiz.generation.control;

import io.lokiz.audit.AuditTrail;
import io.lokiz.kernel.Jdbc;
import io.lokiz.storage.Storage;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** The brand's intro, outro and watermark ({@code gen_branding}): one of each, each on or off. */
@ApplicationScoped
@Transactional
public class Brandings {

    /** What a branded video is framed with. */
    public enum Kind { INTRO, OUTRO, WATERMARK }

    /** One brand asset: where it is stored, how long it plays (0 for the watermark), whether it has sound. */
    public record Asset(Kind kind, String storageKey, double seconds, boolean hasAudio, boolean enabled) {
    }

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private static final Logger LOG = Logger.getLogger(Brandings.class.getName());

    private final Storage storage;
    private final AuditTrail audit;
    private final Event<Object> files;
    private final Clock clock;

    @Inject
    public Brandings(Storage storage, AuditTrail audit, Event<Object> files, Clock clock) {
        this.storage = storage;
        this.audit = audit;
        this.files = files;
        this.clock = clock;
    }

    protected Brandings() {
        this(null, null, null, null);
    }

    /** A brand file stored for a change that has not committed yet: removed if the change rolls back. */
    record Written(String key) {
    }

    /** A brand file a change leaves behind: removed once the change committed, never before. */
    record Obsolete(String key) {
    }

    public List<Asset> all() {
        return Jdbc.run(database, "branding", c -> {
            try (var st = c.prepareStatement("SELECT kind, storage_key, duration_s, has_audio, enabled FROM gen_branding ORDER BY kind");
                 var rs = st.executeQuery()) {
                List<Asset> assets = new ArrayList<>();
                while (rs.next()) {
                    assets.add(asset(rs));
                }
                return assets;
            }
        });
    }

    /** The enabled assets, by kind (one query for all three). */
    public Map<Kind, Asset> enabled() {
        Map<Kind, Asset> on = new EnumMap<>(Kind.class);
        all().stream().filter(Asset::enabled).forEach(a -> on.put(a.kind(), a));
        return on;
    }

    /**
     * Stores a prepared file as the brand's {@code kind}, enabled, replacing the one before (and its file). Each change
     * here is an admin's, recorded in the audit trail in its own transaction.
     */
    public Asset replace(Kind kind, Path prepared, String extension, double seconds, boolean hasAudio) throws IOException {
        String key = "branding/" + kind.name().toLowerCase() + "-" + UUID.randomUUID() + "." + extension;
        try (InputStream in = Files.newInputStream(prepared)) {
            storage.put(key, in);
        }
        files.fire(new Written(key));
        Optional<Asset> before = Jdbc.run(database, "branding", c -> {
            Optional<Asset> old = locked(c, kind);
            try (var st = c.prepareStatement("""
                    INSERT INTO gen_branding (kind, storage_key, duration_s, has_audio, enabled, updated_at) VALUES (?, ?, ?, ?, true, ?)
                    ON CONFLICT (kind) DO UPDATE SET storage_key = excluded.storage_key, duration_s = excluded.duration_s,
                        has_audio = excluded.has_audio, enabled = true, updated_at = excluded.updated_at""")) {
                st.setString(1, kind.name().toLowerCase());
                st.setString(2, key);
                st.setDouble(3, seconds);
                st.setBoolean(4, hasAudio);
                st.setTimestamp(5, Timestamp.from(clock.instant()));
                st.executeUpdate();
            }
            return old;
        });
        Asset after = new Asset(kind, key, seconds, hasAudio, true);
        audit.record("branding.upload", target(kind), before.orElse(null), after);
        before.ifPresent(old -> files.fire(new Obsolete(old.storageKey())));
        return after;
    }

    /** Turns the asset on or off; false when there is none of that kind. */
    public boolean enable(Kind kind, boolean enabled) {
        Optional<Asset> before = Jdbc.run(database, "branding", c -> {
            Optional<Asset> old = locked(c, kind);
            try (var st = c.prepareStatement("UPDATE gen_branding SET enabled = ?, updated_at = ? WHERE kind = ?")) {
                st.setBoolean(1, enabled);
                st.setTimestamp(2, Timestamp.from(clock.instant()));
                st.setString(3, kind.name().toLowerCase());
                st.executeUpdate();
            }
            return old;
        });
        before.ifPresent(old -> audit.record("branding.switch", target(kind), old,
                new Asset(kind, old.storageKey(), old.seconds(), old.hasAudio(), enabled)));
        return before.isPresent();
    }

    /** Removes the asset and its file; false when there is none of that kind. */
    public boolean delete(Kind kind) {
        Optional<Asset> before = Jdbc.run(database, "branding", c -> {
            Optional<Asset> old = locked(c, kind);
            try (var st = c.prepareStatement("DELETE FROM gen_branding WHERE kind = ?")) {
                st.setString(1, kind.name().toLowerCase());
                st.executeUpdate();
            }
            return old;
        });
        if (before.isPresent()) {
            audit.record("branding.delete", target(kind), before.get(), null);
            files.fire(new Obsolete(before.get().storageKey()));
        }
        return before.isPresent();
    }

    /** The files go only with the change that made them so: a row never names a file that is gone. */
    void dropObsolete(@Observes(during = TransactionPhase.AFTER_SUCCESS) Obsolete file) {
        remove(file.key());
    }

    void dropUnused(@Observes(during = TransactionPhase.AFTER_FAILURE) Written file) {
        remove(file.key());
    }

    private void remove(String key) {
        try {
            storage.deleteAll(key);
        } catch (IOException | RuntimeException e) {
            LOG.warning("brand file " + key + " was not removed (" + e.getMessage() + "); it is unreferenced and may be removed by hand");
        }
    }

    private static String target(Kind kind) {
        return "branding:" + kind.name().toLowerCase();
    }

    private static Optional<Asset> locked(java.sql.Connection c, Kind kind) throws SQLException {
        try (var st = c.prepareStatement("SELECT kind, storage_key, duration_s, has_audio, enabled FROM gen_branding WHERE kind = ? FOR UPDATE")) {
            st.setString(1, kind.name().toLowerCase());
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(asset(rs)) : Optional.empty();
            }
        }
    }

    private static Asset asset(ResultSet rs) throws SQLException {
        return new Asset(Kind.valueOf(rs.getString(1).toUpperCase()), rs.getString(2), rs.getDouble(3), rs.getBoolean(4), rs.getBoolean(5));
    }
}
