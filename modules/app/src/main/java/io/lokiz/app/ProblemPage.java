package io.lokiz.app;

import io.lokiz.kernel.Problem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Map;

/** The error page for errors the container raises before JAX-RS runs: answers problem+json. */
@WebServlet("/problem-page")
public class ProblemPage extends HttpServlet {

    private static final Map<Integer, String[]> KINDS = Map.of(
            401, new String[]{"unauthorized", "Unauthorized", "A valid bearer token is required"},
            403, new String[]{"forbidden", "Forbidden", "This needs a role you do not have"},
            413, new String[]{"payload-too-large", "Payload too large", "The request body is too large"},
            500, new String[]{"internal-error", "Internal error", "Something went wrong on our side"});

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        String[] kind = KINDS.getOrDefault(status, KINDS.get(500));
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Problem.body(status, kind[0], kind[1], kind[2], Map.of()).toString());
    }
}
