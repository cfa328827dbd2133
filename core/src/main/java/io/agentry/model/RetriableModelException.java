package io.agentry.model;

import java.time.Duration;

/**
 * A model call failed in a way a later retry may fix: rate limited (429), provider error (5xx), timeout
 * or a dropped connection. {@code retryAfter} is the provider's {@code Retry-After}, when it sent one.
 */
public class RetriableModelException extends ModelException {

    private final Duration retryAfter;

    public RetriableModelException(String provider, int status, String message, Duration retryAfter, Throwable cause) {
        super(provider, status, message, cause);
        this.retryAfter = retryAfter;
    }

    /** The delay the provider asked for, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
