package io.agentry.util;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The one retry-delay rule of the project (model calls, task retries, webhook deliveries): exponential
 * with "equal jitter". Before retry {@code n} (1-based) the ceiling is {@code base * 2^(n-1)}, capped at
 * {@code max}; the delay is half the ceiling plus a uniform random part up to the other half, so delays
 * grow with every attempt, are never near zero after a failure, and many failures at once do not come
 * back at once. A provider's {@code Retry-After} is a floor: the delay is never shorter.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;

    public Backoff(Duration base, Duration max) {
        this.base = Objects.requireNonNull(base, "base");
        this.max = Objects.requireNonNull(max, "max");
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("backoff must not be negative");
        }
    }

    /** The delay before the attempt after {@code attempt} (1-based), at least {@code retryAfter} when given. */
    public Duration delay(int attempt, Duration retryAfter) {
        Duration jittered = jittered(attempt, ThreadLocalRandom.current());
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }

    /** The jittered delay before the attempt after {@code attempt}, drawn from {@code random}. */
    public Duration jittered(int attempt, RandomGenerator random) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        ceiling = Math.min(Math.max(ceiling, 0), max.toMillis());
        if (ceiling == 0) {
            return Duration.ZERO;
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
