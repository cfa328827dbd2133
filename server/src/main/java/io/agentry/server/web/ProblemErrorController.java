package io.agentry.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The servlet error page ({@code /error}), replacing Spring Boot's: errors sent with {@code sendError} by
 * the container or a framework (a method Tomcat refuses such as {@code TRACE}, a request that failed before
 * a controller, ...) are answered as problem+json with their status, whatever the request's {@code Accept}.
 * Asked for directly, {@code /error} is an unknown route (404). Never shows an exception or its message.
 */
@Controller
class ProblemErrorController implements ErrorController {

    private final ProblemWriter problems;

    ProblemErrorController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        if (code == null) {
            problems.write(response, ApiException.notFound("No route " + request.getRequestURI()));
            return;
        }
        problems.write(response, ApiException.ofStatus(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status));
    }
}
