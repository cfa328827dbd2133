package io.agentry.model;

import io.agentry.util.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to try a failed model call again: at most {@code maxAttempts} calls in all; between them, the
 * project's one backoff rule ({@link Backoff}: exponential from {@code initialBackoff}, capped at
 * {@code maxBackoff}, equal jitter), unless the provider said how long to wait ({@code Retry-After}), which
 * is then honoured exactly. A provider asking for more than {@code maxBackoff} ends the retries: the caller
 * gets the retriable failure (with the provider's delay) at once instead of a thread parked for minutes.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
    }

    /**
     * The wait before attempt {@code failedAttempts + 1}, or null when there is none: the attempts are
     * used up or the provider asked for a longer wait than {@code maxBackoff}.
     */
    public Duration delayAfter(int failedAttempts, Duration retryAfter, RandomGenerator random) {
        if (failedAttempts >= maxAttempts) {
            return null;
        }
        if (retryAfter != null) {
            return retryAfter.compareTo(maxBackoff) > 0 ? null : retryAfter;
        }
        return new Backoff(initialBackoff, maxBackoff).jittered(failedAttempts, random);
    }
}
