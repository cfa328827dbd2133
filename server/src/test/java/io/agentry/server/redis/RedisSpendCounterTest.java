package io.agentry.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendCounterContract;
import io.agentry.limits.SpendLimit;
import io.agentry.server.testing.TestRedis;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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

    /** Redis may evict a bucket and leave its holds (both have a TTL; policies other than noeviction pick keys). */
    @Test
    void holdsThatOutliveTheirBucketAreNotTakenOutOfItsNewSeed() {
        SpendLimit user = ledgerLimit("1.00");
        counter().seed(user, BigDecimal.ZERO);
        counter().reserve(hold("0.30", user));

        REDIS.template().delete(REDIS.properties().key(user.bucket()));
        counter().seed(user, new BigDecimal("0.10"));
        clock.advance(LEASE);

        assertThat(counter().spent(List.of(user)).getFirst()).isEqualByComparingTo("0.10");
    }
}
