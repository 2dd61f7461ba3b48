package io.lokiz.app;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

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
        return problem(500, "Something went wrong on our side; quote reference " + reference + " when reporting it");
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
        return Response.status(status).type("application/problem+json").entity(StatusProblems.body(status, detail)).build();
    }
}
