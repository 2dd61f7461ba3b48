package io.lokiz.app;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.Map;

/**
 * The answers every operation of a kind gives, added to the document where the operation does not
 * list them itself: they come from filters that stand in front of every resource, so writing them
 * on each one would only let the two drift. An operation that needs a token answers {@code 401}
 * without one; an admin operation answers {@code 403} to a user; one that reads a JSON body
 * answers {@code 400} (missing, not an object, too deep, a bad field), {@code 413} (over 64 KB)
 * and {@code 415} (not JSON). Public operations (webhooks, media, sign-in) verify and read their
 * bodies themselves and list all they answer. The responses named are those of
 * {@code META-INF/openapi.yaml}.
 */
public class ApiContract implements OASFilter {

    /** In the order of their statuses, so that the document is the same on every start (Map.of's order is not). */
    static final Map<String, String> JSON_BODY_ANSWERS = new java.util.TreeMap<>(Map.of("400", "BadRequest", "413", "PayloadTooLarge",
            "415", "UnsupportedMediaType"));

    @Override
    public void filterOpenAPI(OpenAPI document) {
        if (document.getPaths() == null) {
            return;
        }
        document.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values().forEach(operation -> {
            APIResponses answers = operation.getResponses();
            if (!needsToken(operation)) {
                return;
            }
            add(answers, "401", "Unauthorized");
            if (path.startsWith("/api/admin/")) {
                add(answers, "403", "Forbidden");
            }
            if (readsJson(operation)) {
                JSON_BODY_ANSWERS.forEach((status, name) -> add(answers, status, name));
            }
        }));
    }

    /** No {@code security} of its own is the document's: a bearer token. {@code security: []} is public. */
    private static boolean needsToken(Operation operation) {
        return operation.getSecurity() == null;
    }

    private static boolean readsJson(Operation operation) {
        Content content = operation.getRequestBody() == null ? null : operation.getRequestBody().getContent();
        return content != null && content.hasMediaType("application/json");
    }

    private static void add(APIResponses answers, String status, String name) {
        if (!answers.hasAPIResponse(status)) {
            answers.addAPIResponse(status, OASFactory.createAPIResponse().ref(name));
        }
    }
}
