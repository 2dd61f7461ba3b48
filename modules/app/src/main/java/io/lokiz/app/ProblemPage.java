package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.json.JsonObject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page for errors the container raises before or around JAX-RS (a rejected token, a
 * URI it will not decode, an exception nobody caught): problem+json, never the container's HTML,
 * never a class name or stack trace.
 */
@WebServlet(urlPatterns = "/problem-page", loadOnStartup = 1)
public class ProblemPage extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ProblemPage.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        JsonObject problem;
        if (status == 400 && error != null) {
            // The container refused the URI itself (Servlet 6's suspicious sequences).
            problem = Problem.body(400, "invalid-uri", "Invalid URI", "The request URI holds a sequence this server refuses: "
                    + "an encoded dot, slash or backslash, a NUL, or a path parameter", Map.of());
        } else if (status >= 500 && error instanceof Throwable unexpected) {
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "unexpected error, reference " + reference, unexpected);
            problem = StatusProblems.body(status, "Something went wrong on our side; quote reference " + reference + " when reporting it");
        } else {
            problem = StatusProblems.body(status, null);
        }
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(problem.toString());
    }
}
