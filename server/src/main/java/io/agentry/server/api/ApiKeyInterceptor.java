package io.agentry.server.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires a valid {@code X-Api-Key} on every route it is registered for (all but the health probes and
 * the API docs; see {@link WebConfiguration}) and records the {@link Caller}. Runs inside Spring MVC so
 * that its 401 is rendered by {@link ApiExceptionHandler} like every other error. CORS pre-flight
 * requests carry no key and pass.
 */
class ApiKeyInterceptor implements HandlerInterceptor {

    static final String HEADER = "X-Api-Key";

    private final ApiKeys keys;

    ApiKeyInterceptor(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (CorsUtils.isPreFlightRequest(request)) {
            return true;
        }
        String presented = request.getHeader(HEADER);
        if (presented == null || presented.isBlank()) {
            throw ApiException.unauthorized("Missing API key: send it in the X-Api-Key header");
        }
        Caller caller = keys.authenticate(presented.trim())
                .orElseThrow(() -> ApiException.unauthorized("Invalid API key"));
        request.setAttribute(Caller.ATTRIBUTE, caller);
        return true;
    }
}
