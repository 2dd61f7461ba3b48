package io.lokiz.app;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The published OpenAPI document names every resource method the application has, but the pages for browsers. */
@ExtendWith({LibertyTestServer.class, ArquillianExtension.class})
class ApiContractIT {

    static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "get", POST.class, "post", PUT.class, "put",
            DELETE.class, "delete", PATCH.class, "patch");

    @Deployment(testable = false)
    static WebArchive app() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/lokiz.war"));
    }

    @Test
    void documentsEveryResourceMethod() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(LibertyTestServer.BASE_URL + "/openapi"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        JsonObject paths = json(response, 200).getJsonObject("paths");

        List<String> missing = new ArrayList<>();
        List<String> found = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (var type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lokiz")) {
            Class<?> resource = type.reflect();
            Path root = resource.getAnnotation(Path.class);
            if (root == null || resource.isInterface()) { // interfaces are REST clients of the providers, not our API
                continue;
            }
            for (Method method : resource.getMethods()) {
                Operation documented = method.getAnnotation(Operation.class);
                if (documented != null && documented.hidden()) {
                    hidden.add(resource.getSimpleName() + "." + method.getName());
                    continue;
                }
                for (var verb : VERBS.entrySet()) {
                    if (method.isAnnotationPresent(verb.getKey())) {
                        Path sub = method.getAnnotation(Path.class);
                        String path = normalised(root.value() + "/" + (sub == null ? "" : sub.value()));
                        String operation = verb.getValue() + " " + path;
                        found.add(operation);
                        if (!paths.containsKey(path) || !paths.getJsonObject(path).containsKey(verb.getValue())) {
                            missing.add(operation + " (" + resource.getSimpleName() + "." + method.getName() + ")");
                        }
                    }
                }
            }
        }
        assertThat(found).as("resource methods found").hasSizeGreaterThan(30);
        assertThat(missing).as("resource methods missing from /openapi").isEmpty();
        assertThat(hidden).as("only the pages for browsers are left out").allMatch(m -> m.startsWith("StudioPages."));
    }

    /**
     * The server serves the very document the client is generated from and the tests check answers against. When an
     * annotation changes the contract, this fails until the new document is taken: it is left beside the old one.
     */
    @Test
    void servesTheDocumentTheClientIsGeneratedFrom() throws Exception {
        String served = served();
        var fresh = java.nio.file.Path.of("target/contract/openapi.served.json");
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, served);
        JsonNode expected = new ObjectMapper().readTree(Files.readString(Contract.DOCUMENT));
        assertThat(new ObjectMapper().readTree(served))
                .as("/openapi differs from %s: review the change, then copy %s over it (formatted: python3 -m json.tool)", Contract.DOCUMENT, fresh)
                .isEqualTo(expected);
    }

    /** Redocly CLI's recommended rules (npm @redocly/cli 2.x, installed by the build) find nothing in what is served. */
    @Test
    void lintsCleanUnderRedoclysRecommendedRules() throws Exception {
        var tools = java.nio.file.Path.of("target/contract");
        Files.writeString(tools.resolve("openapi.json"), served());
        var command = new ProcessBuilder(tools.resolve("node_modules/.bin/redocly").toAbsolutePath().toString(),
                "lint", "openapi.json", "--format=json")
                .directory(tools.toFile())
                .redirectError(tools.resolve("redocly.err").toFile());
        command.environment().put("REDOCLY_TELEMETRY", "off"); // no machine here reaches redocly.com
        command.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process lint = command.start();
        String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor()).as(report + Files.readString(tools.resolve("redocly.err"))).isZero();
        JsonNode totals = new ObjectMapper().readTree(report).path("totals");
        assertThat(totals.path("errors").asInt()).as(report).isZero();
        assertThat(totals.path("warnings").asInt()).as(report).isZero();
        assertThat(totals.path("ignored").asInt()).as("only the spec's own ambiguous paths are let be").isEqualTo(3);
    }

    private static String served() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(LibertyTestServer.BASE_URL + "/openapi"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** {@code /a/{id: [0-9]+}/b/} as OpenAPI writes it: {@code /a/{id}/b}. */
    private static String normalised(String path) {
        String plain = path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        plain = plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
        return plain.startsWith("/") ? plain : "/" + plain;
    }
}
