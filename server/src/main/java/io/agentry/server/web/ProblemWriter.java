package io.agentry.server.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an {@link ApiException} as {@code application/problem+json} straight to a servlet response, for
 * the layers that answer outside Spring MVC's exception handling (the security filters, the error page,
 * Tomcat's own errors) and for answers that must not depend on the request's {@code Accept} header. Inside
 * a controller, throw the exception instead: {@link ApiExceptionHandler} renders it the same way.
 */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    /** Sets the status and headers and writes the body, unless the response is already committed. */
    public void write(HttpServletResponse response, ApiException problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        if (problem.retryAfter() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ApiExceptionHandler.retryAfterSeconds(problem.retryAfter())));
        }
        problem.headers().forEach(response::setHeader);
        response.getOutputStream().write(json.writeValueAsBytes(problem.toProblem()));
        response.flushBuffer();
    }
}
