package io.agentry.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards Spring Boot's actuator endpoints ({@code /actuator/**}: metrics, loggers, ...), which Spring MVC
 * serves outside our handler interceptors: they need an admin API key, since some change the server
 * (log levels). Errors are problem+json like the rest of the API.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ActuatorAccessFilter extends OncePerRequestFilter {

    static final String PREFIX = "/actuator";

    private final ApiKeys keys;
    private final JsonMapper json;

    ActuatorAccessFilter(ApiKeys keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(ApiKeyInterceptor.HEADER);
        Optional<Caller> caller = presented == null ? Optional.empty() : keys.authenticate(presented.trim());
        if (caller.isEmpty()) {
            reject(response, request, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    presented == null ? "Missing API key: send it in the X-Api-Key header" : "Invalid API key");
            return;
        }
        if (!caller.get().admin()) {
            reject(response, request, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "The management endpoints need an admin API key");
            return;
        }
        chain.doFilter(request, response);
    }

    private void reject(HttpServletResponse response, HttpServletRequest request, HttpStatus status, String type,
                        String title, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ApiException.TYPE_BASE + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
