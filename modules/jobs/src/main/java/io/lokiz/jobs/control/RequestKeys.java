package io.lokiz.jobs.control;

import io.lokiz.kernel.Jdbc;
import io.lokiz.kernel.RequestKey;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Idempotency keys ({@code job_request_keys}): a user's key names at most one job, made by one request. */
@ApplicationScoped
public class RequestKeys {

    @Resource(lookup = "jdbc/lokiz")
    DataSource database;

    private final Clock clock;

    @Inject
    public RequestKeys(Clock clock) {
        this.clock = clock;
    }

    protected RequestKeys() {
        this(null);
    }

    /**
     * Claims the user's key for the caller's transaction. Answers the job it named before, if it
     * did; a concurrent first use waits here until the other transaction ends, then sees its job.
     */
    public Optional<UUID> claim(String user, RequestKey key) {
        return Jdbc.run(database, "request keys", c -> {
            try (var st = c.prepareStatement("""
                    INSERT INTO job_request_keys (owner, key, fingerprint, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (owner, key) DO NOTHING""")) {
                st.setString(1, user);
                st.setString(2, key.key());
                st.setString(3, key.fingerprint());
                st.setTimestamp(4, Timestamp.from(clock.instant()));
                if (st.executeUpdate() == 1) {
                    return Optional.empty();
                }
            }
            try (var st = c.prepareStatement("SELECT fingerprint, job_id FROM job_request_keys WHERE owner = ? AND key = ?")) {
                st.setString(1, user);
                st.setString(2, key.key());
                try (var rs = st.executeQuery()) {
                    rs.next();
                    if (!rs.getString(1).equals(key.fingerprint())) {
                        throw new RequestKey.Reused();
                    }
                    return Optional.ofNullable(rs.getObject(2, UUID.class));
                }
            }
        });
    }

    /**
     * The job a committed key names, if any: a look only. The same key made for another request is
     * {@link RequestKey.Reused}, here as in {@link #claim}.
     */
    public Optional<UUID> find(String user, RequestKey key) {
        return Jdbc.run(database, "request keys", c -> {
            try (var st = c.prepareStatement("SELECT fingerprint, job_id FROM job_request_keys WHERE owner = ? AND key = ? AND job_id IS NOT NULL")) {
                st.setString(1, user);
                st.setString(2, key.key());
                try (var rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    if (!rs.getString(1).equals(key.fingerprint())) {
                        throw new RequestKey.Reused();
                    }
                    return Optional.of(rs.getObject(2, UUID.class));
                }
            }
        });
    }

    /** Records which job the claimed key made. */
    public void bind(String user, RequestKey key, UUID jobId) {
        Jdbc.run(database, "request keys", c -> {
            try (var st = c.prepareStatement("UPDATE job_request_keys SET job_id = ? WHERE owner = ? AND key = ?")) {
                st.setObject(1, jobId);
                st.setString(2, user);
                st.setString(3, key.key());
                return st.executeUpdate();
            }
        });
    }
}
