package io.agentry.model;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/**
 * A provider answered with an HTTP error, as raised by our HTTP client under LangChain4j's provider
 * modules. Unlike LangChain4j's own {@link HttpException}, whose message is the response body, it keeps
 * what the retry policy needs ({@code Retry-After}) and the provider's machine-readable error code, and
 * its message holds neither the body nor anything from the request.
 */
public class ProviderHttpException extends HttpException {

    private final Duration retryAfter;
    private final String errorCode;

    /**
     * @param retryAfter the delay the provider asked for ({@code Retry-After} / {@code retry-after-ms}), or null
     * @param errorCode  the provider's error code or type (e.g. {@code rate_limit_error},
     *                   {@code insufficient_quota}), only when it is a plain identifier; else null
     */
    public ProviderHttpException(int statusCode, Duration retryAfter, String errorCode) {
        super(statusCode, "HTTP " + statusCode + (errorCode == null ? "" : " " + errorCode));
        this.retryAfter = retryAfter;
        this.errorCode = errorCode;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public String errorCode() {
        return errorCode;
    }
}
