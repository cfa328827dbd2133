package io.agentry.server.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays: exponential with "equal jitter" (half of {@code base * 2^(attempt-1)}, capped, plus a
 * random part up to the other half), so delays grow with every attempt yet many failures at once do not
 * come back at once; never shorter than a provider's {@code Retry-After}.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;

    public Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** The delay before the attempt after {@code attempt} (1-based), at least {@code retryAfter} when given. */
    public Duration delay(int attempt, Duration retryAfter) {
        long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        ceiling = Math.min(Math.max(ceiling, 2), max.toMillis());
        long half = ceiling / 2;
        Duration jittered = Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
