package io.lokiz.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server a test run uses, found in this order: an explicit JDBC URL in
 * {@code LOKIZ_TEST_JDBC_URL}, Testcontainers when a Docker engine answers, else an embedded
 * PostgreSQL. One server per JVM; every {@link #freshDatabase()} is a new, migrated database on it.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Server server;

    private TestDatabase() {
    }

    /** Connection facts of one database. */
    public record Database(String jdbcUrl, String user, String password) {
        public DataSource dataSource() {
            var ds = new PGSimpleDataSource();
            ds.setUrl(jdbcUrl);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
    }

    private record Server(String baseUrl, String user, String password, String source) {
        Database database(String name) {
            return new Database(baseUrl + name, user, password);
        }
    }

    /** A new empty database with every Flyway migration of {@code db-migrations/} applied. */
    public static Database freshDatabase() {
        var db = emptyDatabase();
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("filesystem:" + migrationsDirectory())
                .load()
                .migrate();
        return db;
    }

    /** A new database with nothing in it. */
    public static synchronized Database emptyDatabase() {
        var s = server();
        String name = "lokiz_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = s.database("postgres").dataSource().getConnection();
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + s.source(), e);
        }
        return s.database(name);
    }

    /** Where the server came from: "env", "testcontainers" or "embedded". */
    public static String source() {
        return server().source();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = startServer();
        }
        return server;
    }

    private static Server startServer() {
        String url = System.getenv("LOKIZ_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            // The URL names a database; tests create their own databases beside it.
            String base = url.substring(0, url.lastIndexOf('/') + 1);
            return new Server(base, env("LOKIZ_TEST_JDBC_USER", "postgres"), env("LOKIZ_TEST_JDBC_PASSWORD", ""), "env");
        }
        if (dockerAnswers()) {
            var container = new PostgreSQLContainer<>("postgres:17-alpine");
            container.start();
            String base = container.getJdbcUrl().substring(0, container.getJdbcUrl().lastIndexOf('/') + 1);
            return new Server(base, container.getUsername(), container.getPassword(), "testcontainers");
        }
        try {
            // Several test nodes at once hold up to a pool each (20 connections by default): PostgreSQL's 100 is too few.
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg)));
            return new Server("jdbc:postgresql://localhost:" + pg.getPort() + "/", "postgres", "", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    // Asking Testcontainers costs seconds when no engine exists; look for one first.
    private static boolean dockerAnswers() {
        boolean candidate = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!candidate) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code db-migrations/} of this checkout, found from the working directory upwards. */
    public static Path migrationsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("db-migrations");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no db-migrations/ above " + Path.of("").toAbsolutePath());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the data directory is a temporary one
        }
    }
}
