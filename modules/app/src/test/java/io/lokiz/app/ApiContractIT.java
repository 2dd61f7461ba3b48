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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.lokiz.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The published OpenAPI document names every resource method the application has. */
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
        for (var type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lokiz")) {
            Class<?> resource = type.reflect();
            Path root = resource.getAnnotation(Path.class);
            if (root == null || resource.isInterface()) { // interfaces are REST clients of the providers, not our API
                continue;
            }
            for (Method method : resource.getMethods()) {
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
    }

    /** {@code /a/{id: [0-9]+}/b/} as OpenAPI writes it: {@code /a/{id}/b}. */
    private static String normalised(String path) {
        String plain = path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        plain = plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
        return plain.startsWith("/") ? plain : "/" + plain;
    }
}
