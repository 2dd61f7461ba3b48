package io.lokiz.app;

import io.lokiz.kernel.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Brings the node up in order: the embedded database (when no external one is configured), the
 * schema (Flyway, every node may run it: Flyway locks), then whatever waits for the schema
 * ({@link SchemaReady}: the job engine) and housekeeping.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Resource(lookup = "jdbc/lokizDirect")
    DataSource direct;

    private final Event<SchemaReady> schemaReady;
    private final Housekeeping housekeeping;
    private final boolean embedded;
    private final boolean embeddedIdentity;
    private final Config config;
    private final String jdbcUrl;
    private final Path dataDir;
    private EmbeddedDatabase database;

    @Inject
    public Startup(Event<SchemaReady> schemaReady, Housekeeping housekeeping,
                   @ConfigProperty(name = "lokiz.db.embedded", defaultValue = "true") boolean embedded,
                   @ConfigProperty(name = "lokiz.db.url", defaultValue = "jdbc:postgresql://127.0.0.1:55432/postgres") String jdbcUrl,
                   @ConfigProperty(name = "lokiz.data.dir", defaultValue = "data") String dataDir,
                   @ConfigProperty(name = "lokiz.auth.issuer", defaultValue = EmbeddedIdentity.ISSUER) String issuer,
                   Config config) {
        this.schemaReady = schemaReady;
        this.config = config;
        this.housekeeping = housekeeping;
        this.embeddedIdentity = issuer.equals(EmbeddedIdentity.ISSUER);
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.dataDir = Path.of(dataDir);
    }

    protected Startup() {
        this.schemaReady = null;
        this.housekeeping = null;
        this.embedded = false;
        this.embeddedIdentity = false;
        this.config = null;
        this.jdbcUrl = null;
        this.dataDir = null;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        long started = System.nanoTime();
        // read once here, so that a wrong lokiz.auth.* setting (a role map onto no Lokiz role) refuses the start
        // in one line rather than every request
        IdentitySettings identity = IdentitySettings.of(config, dataDir.toString());
        if (!identity.embedded()) {
            LOG.info("tokens of issuer " + identity.issuer() + " for audience " + identity.audience() + "; user from "
                    + identity.userClaim().orElse(String.join("/", IdentitySettings.USER_CLAIMS)) + ", roles from "
                    + identity.roleClaim() + (identity.roleMap().isEmpty() ? "" : " through " + identity.roleMap()));
        }
        try {
            if (embeddedIdentity) {
                LOG.info("no identity provider configured: embedded tokens, verified with "
                        + new EmbeddedIdentity(dataDir).publicKeyFile());
            }
            if (embedded) {
                database = EmbeddedDatabase.start(jdbcUrl, dataDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded defaults", e);
        }
        var result = Flyway.configure()
                .dataSource(direct)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        schemaReady.fire(new SchemaReady());
        housekeeping.start();
        LOG.info(String.format("Lokiz ready: schema at version %s, %d migration(s) applied, %d ms",
                result.targetSchemaVersion, result.migrationsExecuted, (System.nanoTime() - started) / 1_000_000));
    }

    @PreDestroy
    void onStop() {
        housekeeping.stop();
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                LOG.warning("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }
}
