package io.lokiz.app;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Liberty server of the build (created with the app deployed by the pom) run as a process of
 * its own, with {@code lokiz.*} variables of the test's choosing: what a real node is, for tests
 * that need more than the one server Arquillian manages.
 */
record LibertyProcess(String name, int port, Process process, Path log) {

    /** Starts server {@code name} on {@code port} with these variables; its output goes to {@code logDir}. */
    static LibertyProcess start(String name, int port, String variables, Path logDir) throws IOException {
        Path wlp = Path.of(System.getProperty("lokiz.wlp.home"));
        Path server = wlp.resolve("usr/servers/" + name);
        Files.createDirectories(server.resolve("configDropins/overrides"));
        Files.createDirectories(logDir);
        Files.writeString(server.resolve("configDropins/overrides/lokiz-test.xml"), """
                <server>
                  <variable name="lokiz.http.port" value="%d"/>
                  <variable name="lokiz.public-url" value="http://localhost:%d"/>
                %s
                </server>
                """.formatted(port, port, variables.indent(2)));
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new LibertyProcess(name, port, process, log);
    }

    /** The variables that put a node on {@code database} (not the embedded one), its files under {@code dataDir}. */
    static String onDatabase(io.lokiz.testing.TestDatabase.Database database, Path dataDir) {
        return """
                <variable name="lokiz.db.embedded" value="false"/>
                <variable name="lokiz.db.url" value="%s"/>
                <variable name="lokiz.db.user" value="%s"/>
                <variable name="lokiz.db.password" value="%s"/>
                <variable name="lokiz.data.dir" value="%s"/>
                """.formatted(database.jdbcUrl(), database.user(), database.password().isEmpty() ? "unused" : database.password(), dataDir);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /**
     * Waits until the node reports ready (database reachable, application started) and the application answers its
     * page. Neither alone is enough: a server whose application has not started yet (Liberty stops waiting for it
     * after 30 s and calls itself started) has none of its readiness checks and reports ready with none, and answers
     * {@code /} with its own welcome page.
     */
    void awaitReady() throws Exception {
        awaitHealth("/health/ready", body -> body.contains("\"name\":\"schema\""));
        awaitHealth("/", LibertyProcess::isTheStudio);
    }

    /** Waits until the node is live and the application answers, whether or not what it depends on does. */
    void awaitLive() throws Exception {
        awaitHealth("/health/live", body -> true);
        awaitHealth("/", LibertyProcess::isTheStudio);
    }

    private static boolean isTheStudio(String page) {
        return page.contains("<title>Lokiz studio");
    }

    private void awaitHealth(String check, Predicate<String> answered) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                var health = client.send(HttpRequest.newBuilder(URI.create(url(check))).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && answered.test(health.body())) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the port opens late in start-up
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(name + " did not answer " + check + " as its application does; see " + log);
    }

    /** A question asked of the world until it has an answer. */
    interface Probe<T> {
        Optional<T> ask() throws Exception;
    }

    /**
     * What {@code probe} answers once it answers at all, asked every 20 ms for up to {@code within};
     * the wait ends early, failing, if this node dies.
     */
    <T> T await(String what, Duration within, Probe<T> probe) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            Optional<T> answer = probe.ask();
            if (answer.isPresent()) {
                return answer.get();
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(what + ": not within " + within + "; see " + log);
    }

    /** The first column of the first row {@code sql} answers for its one parameter, if it answers a row. */
    static Optional<String> firstValue(DataSource db, String sql, String parameter) throws SQLException {
        try (var c = db.getConnection(); var st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Stops the node as an operator would (SIGTERM to it and every process it started) and waits until all are gone:
     * the next test to start a server of the same name must not find this one still shutting down in its directory.
     */
    void stop() throws InterruptedException {
        var processes = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        processes.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException stuck) {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
            }
        }
    }
}
