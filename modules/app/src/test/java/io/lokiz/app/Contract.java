package io.lokiz.app;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API contract as the tests hold the server to it: the document in {@code src/test/contract/openapi.json}
 * (the one the client is generated from; {@code ApiContractIT} proves the server serves exactly it). Every answer
 * the integration tests read through {@link Api} is checked here: its status must be one its operation lists, and
 * its body must match the schema listed for that status and content type. What was checked is appended to
 * {@code target/contract/answers.txt}, one "operationId status" per line, so a run shows what the suite covers.
 */
final class Contract {

    static final Path DOCUMENT = Path.of("src/test/contract/openapi.json");
    static final Path SEEN = Path.of("target/contract/answers.txt");
    private static final String BASE = "https://lokiz.io/contract/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Contract INSTANCE = new Contract();
    private static boolean recording;

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /** An operation of the document, found by its method and a path that fits its template. */
    record Route(String method, String template, Pattern pattern, int literals, String pointer, JsonNode operation) {
        String operationId() {
            return operation.path("operationId").asString();
        }
    }

    private Contract() {
        try {
            String text = Files.readString(DOCUMENT);
            document = JSON.readTree(text);
            schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), registry -> registry.schemas(Map.of(BASE, text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (var path : document.path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                String template = path.getKey();
                // a stored file's key spans segments ({key: .+} in MediaResource); every other parameter is one segment
                String regex = template.replace("{key}", "(.+)").replaceAll("\\{[^}]+}", "[^/]+");
                int literals = template.replaceAll("\\{[^}]+}", "").length();
                routes.add(new Route(operation.getKey().toUpperCase(Locale.ROOT), template, Pattern.compile(regex), literals,
                        "#/paths/" + escape(template) + "/" + operation.getKey(), operation.getValue()));
            }
        }
        routes.sort(Comparator.comparingInt(Route::literals).reversed()); // "status/{jobId}" before "{videoId}/stream"
    }

    static Contract get() {
        return INSTANCE;
    }

    JsonNode document() {
        return document;
    }

    List<Route> routes() {
        return routes;
    }

    /** The operation a request reached, if the document has one (health, metrics and the fakes' paths are not ours). */
    Optional<Route> route(String method, URI uri) {
        return routes.stream().filter(r -> r.method().equals(method) && r.pattern().matcher(uri.getPath()).matches()).findFirst();
    }

    /** Fails, saying why, unless the answer is one the document gives for its request; notes what it checked. */
    static void check(HttpResponse<?> response) {
        get().route(response.request().method(), response.request().uri()).ifPresent(route -> record(get().check(route, response)));
    }

    /** Fails, saying why, unless the answer is one the document gives {@code route}; answers "operationId status". */
    String check(Route route, HttpResponse<?> response) {
        String status = Integer.toString(response.statusCode());
        String where = route.method() + " " + route.template() + " (" + route.operationId() + ") answered " + status;
        JsonNode answer = route.operation().path("responses").path(status);
        String answerPointer = route.pointer() + "/responses/" + status;
        String body = response.body() instanceof String text ? text
                : response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "";
        if (answer.isMissingNode()) {
            throw new AssertionError(where + ", which the contract does not list: " + body);
        }
        if (answer.has("$ref")) {
            answerPointer = answer.get("$ref").asString();
            answer = at(answerPointer);
        }
        String checked = route.operationId() + " " + status;
        String type = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse("");
        if (body.isEmpty() || !type.contains("json")) {
            return checked;
        }
        JsonNode content = answer.path("content");
        if (!content.has(type)) {
            throw new AssertionError(where + " as " + type + ", but the contract lists " + names(content.propertyNames().iterator()));
        }
        String schemaPointer = answerPointer + "/content/" + escape(type) + "/schema";
        if (at(schemaPointer).isMissingNode()) {
            return checked;
        }
        List<Error> errors = schema(schemaPointer).validate(body, com.networknt.schema.InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError(where + " with a body the contract's schema refuses: " + errors + "\n" + body);
        }
        return checked;
    }

    private Schema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> schemas.getSchema(SchemaLocation.of(BASE + p)));
    }

    private JsonNode at(String pointer) {
        return document.at(pointer.substring(1));
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String names(Iterator<String> names) {
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        return all.toString();
    }

    /**
     * Notes an answer checked, for the run's coverage of the contract ({@code target/contract/answers.txt}, read by
     * {@code ContractCoverageIT}). The first answer of a run starts the file afresh: every integration test of a run
     * shares one JVM, so the file holds this run's answers only.
     */
    static synchronized void record(String line) {
        try {
            Files.createDirectories(SEEN.getParent());
            Files.writeString(SEEN, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    recording ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            recording = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
