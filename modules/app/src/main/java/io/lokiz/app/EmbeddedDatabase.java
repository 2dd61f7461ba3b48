package io.lokiz.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The PostgreSQL of the embedded defaults: a real server (zonky's binaries) on the port of
 * {@code lokiz.db.url}, its data kept under the data directory so a restart keeps every job.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the server for a URL such as {@code jdbc:postgresql://127.0.0.1:55432/postgres}. */
    static EmbeddedDatabase start(String jdbcUrl, Path dataDir) throws IOException {
        int port = URI.create(jdbcUrl.substring("jdbc:".length())).getPort();
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        Files.createDirectories(pgData);
        stopOrphan(pgData);
        var postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(port)
                // zonky tunes for throwaway test databases; this one keeps the product's data.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(30))
                .start();
        LOG.info("embedded PostgreSQL listening on 127.0.0.1:" + port + ", data in " + pgData);
        return new EmbeddedDatabase(postgres);
    }

    /**
     * A server killed with -9 leaves its postmaster running on the data directory; stop it, or
     * the new one cannot start there.
     */
    private static void stopOrphan(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        try {
            ProcessHandle.of(Long.parseLong(first)).ifPresent(orphan -> {
                LOG.warning("stopping an orphaned PostgreSQL (pid " + orphan.pid() + ") on " + pgData);
                orphan.destroy(); // SIGTERM: PostgreSQL's smart shutdown
                orphan.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            });
        } catch (NumberFormatException e) {
            LOG.warning("ignoring unreadable " + pidFile);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
