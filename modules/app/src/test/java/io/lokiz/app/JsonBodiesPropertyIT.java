package io.lokiz.app;

import io.lokiz.kernel.Directories;
import io.lokiz.testing.TestDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bodies thrown at every operation of the contract that reads JSON: whatever arrives (any JSON value,
 * the operation's own field names holding values of every kind, duplicate keys, deep nesting, NUL and huge
 * strings, numbers past any range, bytes that are no JSON, other content types), the answer is one the contract
 * lists for that operation, its body matching the listed schema, and never a 5xx. jqwik shrinks a failure to the
 * smallest body that shows it. Runs its own node: jqwik is an engine of its own, outside Arquillian's lifecycle.
 */
class JsonBodiesPropertyIT {

    static final Path ROOT = Path.of("target", "it-properties").toAbsolutePath();
    static final int PORT = 19187;
    static LibertyProcess node;
    static String user;
    static String admin;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A body as sent: its content type (or none) and its bytes. */
    record Body(String contentType, byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
            return (contentType == null ? "(no type)" : contentType) + " " + bytes.length + " bytes: " + text;
        }
    }

    @BeforeContainer
    static void startANode() throws Exception {
        Directories.delete(ROOT);
        var database = TestDatabase.emptyDatabase();
        var identity = new EmbeddedIdentity(ROOT.resolve("identity"));
        node = LibertyProcess.start("lokiz-providers", PORT, LibertyProcess.onDatabase(database, ROOT.resolve("data")) + """
                <variable name="lokiz.auth.public-key-location" value="%s"/>
                <variable name="lokiz.rate-limit.jobs-per-minute" value="100000"/>
                """.formatted(identity.publicKeyFile()), ROOT);
        node.awaitReady();
        user = identity.token("prop-" + UUID.randomUUID(), List.of("user"), Duration.ofMinutes(30));
        admin = identity.token("prop-root", List.of("user", "admin"), Duration.ofMinutes(30));
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        if (node != null) {
            node.stop();
        }
    }

    @Property(tries = 400)
    void everyJsonOperationAnswersWhatItsContractLists(@ForAll("jsonOperations") Contract.Route route, @ForAll("bodies") Body body)
            throws Exception {
        String path = route.template().replaceAll("\\{[^}]+}", "x" + UUID.randomUUID().toString().substring(0, 8))
                .replace("/api/admin/branding/x", "/api/admin/branding/intro");
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + (route.template().startsWith("/api/admin/") ? admin : user))
                .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (body.contentType() != null) {
            request.header("Content-Type", body.contentType());
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as("%s %s with %s: %s", route.method(), path, body, answer.body()).isLessThan(500);
        Contract.record(Contract.get().check(route, answer));
    }

    @Provide
    Arbitrary<Contract.Route> jsonOperations() {
        return Arbitraries.of(Contract.get().routes().stream()
                .filter(r -> r.operation().path("requestBody").path("content").has("application/json"))
                .filter(r -> r.operation().path("security").isMissingNode()) // the signed webhooks answer 401 to all of this
                .toList());
    }

    @Provide
    Arbitrary<Body> bodies() {
        Arbitrary<String> json = Arbitraries.frequencyOf(
                Tuple.of(4, objects(fieldNames(), 3)),
                Tuple.of(2, values(2)),
                Tuple.of(1, deep()),
                Tuple.of(1, duplicateKeys()),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(40)), // no JSON at all, or cut short
                Tuple.of(1, objects(fieldNames(), 2).map(j -> j.substring(0, j.length() / 2))));
        Arbitrary<String> type = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("application/json")),
                Tuple.of(1, Arbitraries.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16",
                        "image/png", "multipart/form-data; boundary=x")),
                Tuple.of(1, Arbitraries.just((String) null)));
        return Combinators.combine(type, json).as((t, j) -> new Body(t, j.getBytes(StandardCharsets.UTF_8)));
    }

    /** The names the contract gives the fields of request bodies, and some it does not. */
    private static Arbitrary<String> fieldNames() {
        List<String> names = new ArrayList<>();
        for (var schema : Contract.get().document().path("components").path("schemas").properties()) {
            schema.getValue().path("properties").propertyNames().forEach(names::add);
        }
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(names)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
    }

    private static Arbitrary<String> objects(Arbitrary<String> names, int depth) {
        return Arbitraries.maps(names.map(JsonBodiesPropertyIT::quoted), values(depth)).ofMaxSize(6)
                .map(fields -> "{" + String.join(",", fields.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList()) + "}");
    }

    private static Arbitrary<String> values(int depth) {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1e400", "-1e400", "9223372036854775808", "1.5", "-0", "2147483648",
                        "\"\"", "\"1970-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"", "\"720p\"", "\"mp4\""),
                Arbitraries.integers().map(Object::toString),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.strings().ofMaxLength(30).map(JsonBodiesPropertyIT::quoted),
                Arbitraries.strings().withChars('\u0000', 'a', '\u202e', '\ud83d', '\"', '\\').ofMaxLength(8).map(JsonBodiesPropertyIT::quoted),
                Arbitraries.integers().between(1, 70_000).map(n -> quoted("x".repeat(n))),
                Arbitraries.just(quoted(UUID.randomUUID().toString())));
        if (depth == 0) {
            return scalars;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalars),
                Tuple.of(1, Arbitraries.lazy(() -> values(depth - 1)).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]")),
                Tuple.of(1, Arbitraries.lazy(() -> objects(fieldNames(), depth - 1))));
    }

    private static Arbitrary<String> deep() {
        return Arbitraries.integers().between(50, 3_000).flatMap(n -> Arbitraries.of("[", "{\"a\":").map(open ->
                open.repeat(n) + "1" + (open.equals("[") ? "]" : "}").repeat(n)));
    }

    private static Arbitrary<String> duplicateKeys() {
        return Combinators.combine(fieldNames(), values(0), values(0)).as((name, a, b) -> "{" + quoted(name) + ":" + a + "," + quoted(name) + ":" + b + "}");
    }

    /** A JSON string holding {@code text}, escaped as JSON requires (so a NUL arrives as {@code \u0000}). */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
