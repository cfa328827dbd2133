package io.agentry.server.budgets;

import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendCounterContract;
import io.agentry.server.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;

class RedisSpendCounterTest extends SpendCounterContract {

    private static final TestRedis REDIS = new TestRedis();
    private static final SpendCounter COUNTER = new RedisSpendCounter(REDIS.template(), REDIS.properties());

    @AfterAll
    static void cleanUp() {
        REDIS.close();
    }

    @Override
    protected SpendCounter counter() {
        return COUNTER;
    }
}
