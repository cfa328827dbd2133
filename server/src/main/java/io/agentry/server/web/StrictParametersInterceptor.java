package io.agentry.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Query parameters obey the same text rules as bodies ({@link StrictText}): a {@code %00} in
 * {@code ?cursor=} or {@code ?user_id=} is a 422 naming the parameter, on every backend alike, before a
 * controller sees it. (The path and headers are checked earlier: by the firewall and by Tomcat.)
 */
final class StrictParametersInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getQueryString() == null) {
            return true;
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String problem = StrictText.problem(parameter.getKey());
            if (problem != null) {
                throw ApiException.invalid("query", "parameter names " + problem);
            }
            for (String value : parameter.getValue()) {
                problem = StrictText.problem(value);
                if (problem != null) {
                    throw ApiException.invalid(parameter.getKey(), problem);
                }
            }
        }
        return true;
    }
}
