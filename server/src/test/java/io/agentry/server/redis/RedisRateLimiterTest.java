package io.agentry.server.redis;

import io.agentry.limits.RateLimiter;
import io.agentry.limits.RateLimiterContract;
import io.agentry.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;

class RedisRateLimiterTest extends RateLimiterContract {

    private static final TestRedis REDIS = new TestRedis();
    private static final RateLimiter LIMITER = new RedisRateLimiter(REDIS.template(), REDIS.properties());

    @AfterAll
    static void cleanUp() {
        REDIS.close();
    }

    @Override
    protected RateLimiter limiter() {
        return LIMITER;
    }
}
