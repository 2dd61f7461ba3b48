package io.lokiz.app;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak, the identity provider enterprises run most: Maven Central's {@code keycloak-quarkus-dist} as the
 * build unpacked it into {@code target/keycloak}, started in development mode ({@code kc.sh start-dev}) on a Java of
 * 21 or newer, and set up through its admin REST API the way a customer's administrator would.
 */
final class KeycloakServer implements AutoCloseable {

    static final Path DIST = Path.of("target/keycloak");
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;
    private Instant adminTokenRenewAt = Instant.MIN;

    private KeycloakServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts Keycloak on {@code port}, its data and log under {@code dir}; {@link #awaitReady()} waits for it. */
    static KeycloakServer start(int port, Path dir) throws IOException {
        Path home;
        try (Stream<Path> unpacked = Files.list(DIST)) {
            home = unpacked.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Keycloak in " + DIST + ": the build unpacks it before the integration tests"));
        }
        Files.createDirectories(dir);
        Path log = dir.resolve("keycloak.log");
        io.lokiz.kernel.Directories.delete(home.resolve("data")); // a realm of an earlier run would be in the way
        var command = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + port,
                "--http-management-port=" + (port + 1))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        command.environment().put("JAVA_HOME", java21().toString());
        command.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        command.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        command.environment().put("JAVA_OPTS_APPEND", "-Xms128m -Xmx768m -XX:TieredStopAtLevel=1");
        return new KeycloakServer(port, command.start(), log);
    }

    /**
     * Keycloak 26 needs Java 21 or newer, beside the Java 17 the build runs on: {@code LOKIZ_KEYCLOAK_JAVA_HOME}, else
     * the newest JDK in {@code /usr/lib/jvm} that is 21 or newer (these machines have Temurin 25 there).
     */
    static Path java21() throws IOException {
        String configured = System.getenv("LOKIZ_KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> feature(jdk) >= 21).max(java.util.Comparator.comparingInt(KeycloakServer::feature))
                    .orElseThrow(() -> new IllegalStateException("Keycloak needs Java 21 or newer: none in /usr/lib/jvm; set LOKIZ_KEYCLOAK_JAVA_HOME"));
        }
    }

    private static int feature(Path jdk) {
        try {
            Optional<String> version = Files.readAllLines(jdk.resolve("release")).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION=")).findFirst();
            return version.map(v -> Integer.parseInt(v.replaceAll("[^0-9.]", "").split("\\.")[0])).orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    String issuer(String realm) {
        return url("/realms/" + realm);
    }

    void awaitReady() throws Exception {
        Instant deadline = Instant.now().plusSeconds(240);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(issuer("master") + "/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Keycloak opens its port late in start-up
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("Keycloak did not start; see " + log.toAbsolutePath());
    }

    /** An answer of the admin REST API ({@code /admin/realms/...}), signed in as the bootstrap admin. */
    HttpResponse<String> admin(String method, String path, JsonStructure body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url("/admin/realms" + path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    /** The bootstrap admin's token, asked for again only when it is about to expire (admin-cli's live a minute). */
    private synchronized String adminToken() throws Exception {
        if (adminToken == null || Instant.now().isAfter(adminTokenRenewAt)) {
            JsonObject answer = token("master", Map.of("grant_type", "password", "client_id", "admin-cli", "username", ADMIN,
                    "password", ADMIN_PASSWORD));
            adminToken = answer.getString("access_token");
            adminTokenRenewAt = Instant.now().plusSeconds(answer.getJsonNumber("expires_in").longValue() / 2);
        }
        return adminToken;
    }

    /** The id of what a POST to the admin API created (Keycloak says it in {@code Location}). */
    String create(String path, JsonObject body) throws Exception {
        String location = admin("POST", path, body).headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    JsonArray list(String path) throws Exception {
        return Json.createReader(new StringReader(admin("GET", path, null).body())).readArray();
    }

    /** The token endpoint's answer to {@code form} in {@code realm}. */
    JsonObject token(String realm, Map<String, String> form) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak's token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
