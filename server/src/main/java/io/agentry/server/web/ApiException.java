package io.agentry.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error answered as {@code application/problem+json}. Its {@code detail} goes to the client as
 * written, so it must be safe to show. The problem type tells a client what to do: fix the request
 * (4xx other than 429/503), wait and retry ({@link #retryAfter()}), or give up.
 */
public class ApiException extends RuntimeException {

    public static final String TYPE_BASE = "https://agentry.dev/problems/";

    /** One invalid field of a request body, as listed in a 422 answer. */
    @Schema(description = "One invalid field, parameter or header")
    public record FieldError(
            @Schema(description = "Its name as sent: a body field (nested ones with dots: budget.max_tokens), a query "
                    + "parameter or a header", example = "user_id")
            String field,
            @Schema(description = "What is wrong with it", example = "is required with a service key")
            String message) {
    }

    /**
     * Members a kind of problem adds to the body besides RFC 9457's: a record whose components are written
     * under their {@code @JsonProperty} names ({@link #withMembers}). Every such record is documented in the
     * OpenAPI document's {@code Problem} schema (found on the class path), so the body and its description
     * come from one type.
     */
    public interface Members {
    }

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Duration retryAfter;
    private final List<FieldError> errors;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(HttpStatus status, String type, String title, String detail, Duration retryAfter,
                        List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.retryAfter = retryAfter;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, null, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, null, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not Found", detail, null, null);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ApiException invalid(List<FieldError> errors) {
        String detail = "Request validation failed: " + String.join("; ",
                errors.stream().map(e -> e.field() + " " + e.message()).toList());
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "validation", "Validation Failed", detail, null, errors);
    }

    /**
     * The problem for a status reported by a lower layer (the container, the error page) that says nothing
     * safe of its own: its type and a fixed human sentence.
     */
    public static ApiException ofStatus(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> new ApiException(status, "malformed-request", "Bad Request",
                    "The request is malformed: check its path, headers and body", null, null);
            case NOT_FOUND -> notFound("No such route");
            case METHOD_NOT_ALLOWED -> new ApiException(status, "http-405", "Method Not Allowed",
                    "This method is not supported on this route", null, null);
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> new ApiException(status, "header-too-large",
                    "Request Header Fields Too Large", "The request's headers are too large", null, null);
            case CONTENT_TOO_LARGE -> new ApiException(status, "payload-too-large", "Content Too Large",
                    "The request body is too large", null, null);
            case INTERNAL_SERVER_ERROR -> internal();
            default -> new ApiException(status, status.is5xxServerError() ? "internal" : "http-" + status.value(),
                    status.getReasonPhrase(), status.getReasonPhrase(), null, null);
        };
    }

    /** What a client is told of an unexpected failure; the details go to the log only. */
    public static final String INTERNAL_ERROR = "Internal agent error";

    /** An unexpected failure, as a client sees it. */
    public static ApiException internal() {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal Server Error",
                INTERNAL_ERROR, null, null);
    }

    public static ApiException notReady(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "not-ready", "Service Unavailable", detail,
                Duration.ofSeconds(5), null);
    }

    /** Adds a member to the problem body (snake_case name); for use while building the exception. */
    public ApiException withProperty(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Adds every component of {@code members} to the problem body, as {@link #withProperty} would. */
    public ApiException withMembers(Members members) {
        if (!members.getClass().isRecord()) {
            throw new IllegalArgumentException("problem members must be a record: " + members.getClass());
        }
        for (RecordComponent component : members.getClass().getRecordComponents()) {
            try {
                java.lang.reflect.Method accessor = component.getAccessor();
                accessor.setAccessible(true); // a feature's package-private record
                properties.put(memberName(component), accessor.invoke(members));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unreadable problem member " + component, e);
            }
        }
        return this;
    }

    /** The name a member is written under: its {@code @JsonProperty}, else the component's name. */
    static String memberName(RecordComponent component) {
        JsonProperty name = component.getAccessor().getAnnotation(JsonProperty.class);
        return name == null || name.value().isEmpty() ? component.getName() : name.value();
    }

    /** Adds a response header besides {@code Retry-After}; for use while building the exception. */
    public ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public HttpStatus status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public ProblemDetail toProblem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        properties.forEach(problem::setProperty);
        return problem;
    }
}
