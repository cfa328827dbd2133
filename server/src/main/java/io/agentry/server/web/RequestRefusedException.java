package io.agentry.server.web;


/**
 * A run refused for a reason that is the request's, not the server's (an unknown agent, a spend budget
 * that leaves no room, ...), thrown by the feature that decided it. One mapping to what the caller sees:
 * an HTTP client gets {@link #problem()} as problem+json ({@link ApiExceptionHandler}); a background task
 * fails at once, not retried, with {@link #getMessage()} as its error. The message must be safe to show.
 */
public abstract class RequestRefusedException extends RuntimeException {

    protected RequestRefusedException(String message) {
        super(message, null, false, false);
    }

    /** The answer to the HTTP request that asked for the run. */
    public abstract ApiException problem();
}
