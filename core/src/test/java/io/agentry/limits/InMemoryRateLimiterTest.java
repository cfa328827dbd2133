package io.agentry.limits;

import java.time.Clock;

class InMemoryRateLimiterTest extends RateLimiterContract {

    private final RateLimiter limiter = new InMemoryRateLimiter(Clock.systemUTC());

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }
}
