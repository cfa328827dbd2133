package io.agentry.server.budgets;

import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendCounterContract;
import io.agentry.server.testing.TestRedis;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;

class RedisSpendCounterTest extends SpendCounterContract {

    private static final TestRedis REDIS = new TestRedis();

    @AfterAll
    static void cleanUp() {
        REDIS.close();
    }

    @Override
    protected SpendCounter newCounter(Clock clock) {
        return new RedisSpendCounter(REDIS.template(), REDIS.properties(), clock);
    }

    @Override
    protected void loseEverything() {
        REDIS.deleteKeys(REDIS.properties().keyPrefix());
    }
}
