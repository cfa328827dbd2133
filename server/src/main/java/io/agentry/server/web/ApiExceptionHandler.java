package io.agentry.server.web;

import io.agentry.store.SessionOwnedByAnotherUserException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Renders every error as {@code application/problem+json}: our {@link ApiException}s as they are, Spring
 * MVC's own (404, 405, 415, ...) through the base class, validation as 422 listing the fields, unreadable
 * JSON as 400, oversized bodies as 413 and anything unexpected as 500 "Internal agent error" — logged
 * here with its stack trace, never shown to the client.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private final ProblemWriter problems;

    ApiExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** How Jackson's strict duplicate detection begins its message (the key follows in quotes). */
    private static final String DUPLICATE_KEY = "Duplicate Object property ";

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e) {
        return problem(e);
    }

    /** A run the feature that decided it refused, with the answer it chose. */
    @ExceptionHandler(RequestRefusedException.class)
    ResponseEntity<Object> refused(RequestRefusedException e) {
        return problem(e.problem());
    }

    @ExceptionHandler(SessionOwnedByAnotherUserException.class)
    ResponseEntity<Object> foreignSession(SessionOwnedByAnotherUserException e) {
        return problem(ApiException.forbidden("This session belongs to another user"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return problem(ApiException.internal());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors().forEach(f ->
                errors.add(new ApiException.FieldError(JsonNames.snake(f.getField()), f.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors().forEach(g ->
                errors.add(new ApiException.FieldError(g.getObjectName(), g.getDefaultMessage())));
        return problem(ApiException.invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimitFilter.PayloadTooLargeException tooLarge) {
                return problem(new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Content Too Large",
                        tooLarge.getMessage(), null, null));
            }
            if (t instanceof Utf8Check.MalformedUtf8Exception malformed) {
                return problem(new ApiException(HttpStatus.BAD_REQUEST, "malformed-request", "Bad Request",
                        malformed.getMessage(), null, null));
            }
            if (t instanceof StrictJson.RefusedValueException refused) {
                String field = JsonNames.path(refused) + refused.innerPath();
                return problem(ApiException.invalid(field.isEmpty() ? "body" : field.replaceFirst("^\\.", ""),
                        refused.getOriginalMessage()));
            }
            if (t instanceof StreamReadException read && read.getOriginalMessage() != null
                    && read.getOriginalMessage().startsWith(DUPLICATE_KEY)) {
                String rest = read.getOriginalMessage().substring(DUPLICATE_KEY.length());
                String name = rest.startsWith("\"") && rest.indexOf('"', 1) > 0 ? rest.substring(1, rest.indexOf('"', 1)) : "body";
                return problem(ApiException.invalid(name, "is given more than once"));
            }
            if (t instanceof MismatchedInputException mismatch) {
                if (mismatch.getPath().isEmpty()) {
                    return problem(new ApiException(HttpStatus.BAD_REQUEST, "malformed-request", "Bad Request",
                            "The request body must be a JSON object", null, null));
                }
                return problem(ApiException.invalid(JsonNames.path(mismatch), "has the wrong type"));
            }
        }
        // Jackson's own messages name our classes: they stay in the log
        boolean missing = e.getCause() == null && e.getMessage() != null && e.getMessage().startsWith("Required request body");
        String detail = missing ? "Request body is missing" : "Malformed JSON request body";
        return problem(new ApiException(HttpStatus.BAD_REQUEST, "malformed-request", "Bad Request", detail, null, null));
    }

    /** A query parameter or path variable that does not convert ({@code ?limit=1.5}): 422 naming it. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException e,
                                                        HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
                ? m.getName() : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == Integer.class || type == int.class || type == Long.class || type == long.class
                ? "must be an integer" : "has the wrong type";
        return problem(ApiException.invalid(name == null ? "parameter" : name, expected));
    }

    /**
     * The one answer that cannot be negotiated: the client accepts nothing we produce (or sent an
     * unreadable {@code Accept}), so the problem is written as problem+json regardless.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e,
                                                                      HttpHeaders headers, HttpStatusCode status,
                                                                      WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
            try {
                problems.write(servlet.getResponse(), new ApiException(HttpStatus.NOT_ACCEPTABLE, "http-406",
                        "Not Acceptable", "The Accept header names no type this route produces (it answers JSON, "
                        + "or an event stream where documented; errors are application/problem+json)", null, null));
                return null;
            } catch (java.io.IOException ignored) {
                return null; // the client is gone
            }
        }
        return super.handleHttpMediaTypeNotAcceptable(e, headers, status, request);
    }

    /** Spring MVC's own errors keep their status; we make sure the body is a problem with our type. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(ApiException.TYPE_BASE + (status.value() == 404 ? "not-found" : "http-" + status.value())));
        }
        return response;
    }

    private static ResponseEntity<Object> problem(ApiException e) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfter() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(e.retryAfter())));
        }
        e.headers().forEach(builder::header);
        return builder.body(e.toProblem());
    }

    /** Whole seconds, rounded up and at least 1, so a client that waits that long finds room. */
    static long retryAfterSeconds(java.time.Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
