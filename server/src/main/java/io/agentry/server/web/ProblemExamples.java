package io.agentry.server.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An example body for each documented error status, made by the same factories as the real answers (so
 * their type and title are the ones a client receives), with a typical detail.
 */
final class ProblemExamples {

    private ProblemExamples() {
    }

    static Map<String, Object> of(HttpStatus status) {
        ApiException problem = switch (status) {
            case BAD_REQUEST -> new ApiException(status, "malformed-request", "Bad Request", "Malformed JSON request body",
                    null, null);
            case UNAUTHORIZED -> ApiException.unauthorized("Missing API key: send it in the "
                    + ApiKeyAuthenticationFilter.HEADER + " header");
            case FORBIDDEN -> ApiException.forbidden("This API key may only act for its own user");
            case NOT_FOUND -> ApiException.notFound("No task 01a2423b-4bba-79a8-a3c6-22048f182da3");
            case CONTENT_TOO_LARGE -> new ApiException(status, "payload-too-large", "Content Too Large",
                    "Request body exceeds 1048576 bytes", null, null);
            case UNSUPPORTED_MEDIA_TYPE -> new ApiException(status, "http-415", "Unsupported Media Type",
                    "Content-Type 'text/plain' is not supported.", null, null);
            case UNPROCESSABLE_CONTENT -> ApiException.invalid("user_id", "is required with a service key");
            case TOO_MANY_REQUESTS -> new ApiException(status, "rate-limited", "Too Many Requests",
                    "Rate limit exceeded: max 10 requests per 60s", null, null)
                    .withProperty("policy", "user").withProperty("limit", 10).withProperty("window_seconds", 60);
            case SERVICE_UNAVAILABLE -> ApiException.notReady("The agent is not ready yet; retry shortly");
            default -> ApiException.ofStatus(status);
        };
        ProblemDetail detail = problem.toProblem();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", detail.getType().toString());
        body.put("title", detail.getTitle());
        body.put("status", detail.getStatus());
        body.put("detail", detail.getDetail());
        if (status != HttpStatus.UNAUTHORIZED) { // answered by the security filters, before a route
            body.put("instance", status == HttpStatus.NOT_FOUND ? "/tasks/01a2423b-4bba-79a8-a3c6-22048f182da3" : "/run");
        }
        if (detail.getProperties() != null) {
            detail.getProperties().forEach((name, value) -> body.put(name, value instanceof java.util.List<?> list
                    ? list.stream().map(ProblemExamples::plain).toList() : value));
        }
        return body;
    }

    /** A field error as the JSON object it is written as. */
    private static Object plain(Object item) {
        if (item instanceof ApiException.FieldError(String field, String message)) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("field", field);
            error.put("message", message);
            return error;
        }
        return item;
    }
}
