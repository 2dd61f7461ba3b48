package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error leaves as {@code application/problem+json} (RFC 9457). Modules answer their own
 * domain problems; this maps what is left (unknown paths, wrong methods, unreadable JSON) and
 * hides anything unexpected behind a reference that is logged with the stack trace.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
    private static final Map<Integer, String[]> KINDS = Map.of(
            400, new String[]{"invalid-request", "Invalid request", "The request is not valid"},
            401, new String[]{"unauthorized", "Unauthorized", "Authentication is required"},
            403, new String[]{"forbidden", "Forbidden", "This needs a role you do not have"},
            404, new String[]{"not-found", "Not found", "There is nothing at this address"},
            405, new String[]{"method-not-allowed", "Method not allowed", "This address does not take that method"},
            406, new String[]{"not-acceptable", "Not acceptable", "No representation matches the Accept header"},
            415, new String[]{"unsupported-media-type", "Unsupported media type", "This address does not take that Content-Type"});

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web) {
            Response response = web.getResponse();
            if (response.hasEntity()) {
                return response;
            }
            return problem(response.getStatus(), null);
        }
        // A problem raised while a body was being read (e.g. over the size limit) arrives wrapped.
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof WebApplicationException web && web.getResponse().hasEntity()) {
                return web.getResponse();
            }
        }
        if (isUnreadableJson(error)) {
            return problem(400, "The request body is not valid JSON for this endpoint");
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected error, reference " + reference, error);
        return build(500, "internal-error", "Internal error",
                "Something went wrong on our side; quote reference " + reference + " when reporting it");
    }

    private static boolean isUnreadableJson(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof jakarta.json.JsonException) {
                return true;
            }
        }
        return error instanceof ProcessingException;
    }

    private static Response problem(int status, String detail) {
        String[] kind = KINDS.getOrDefault(status, new String[]{"http-" + status, "HTTP " + status, "HTTP " + status});
        return build(status, kind[0], kind[1], detail == null ? kind[2] : detail);
    }

    private static Response build(int status, String type, String title, String detail) {
        return Problem.response(status, type, title, detail, Map.of()).build();
    }
}
