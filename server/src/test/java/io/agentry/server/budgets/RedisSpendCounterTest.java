package io.agentry.server.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendCounterContract;
import io.agentry.limits.SpendLimit;
import io.agentry.server.testing.TestRedis;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
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
        SpendCounter counter = newCounter(clock);
        SpendLimit user = new SpendLimit("spend-" + UUID.randomUUID(), "user", "day", new BigDecimal("1.00"),
                clock.instant().plus(1, ChronoUnit.DAYS), true);
        counter.seed(user, BigDecimal.ZERO);
        counter.reserve(new SpendCounter.Hold(UUID.randomUUID().toString(), List.of(user), new BigDecimal("0.30"),
                clock.instant().plusSeconds(60)));

        REDIS.template().delete(REDIS.properties().key(user.bucket()));
        counter.seed(user, new BigDecimal("0.10"));
        clock.advance(Duration.ofSeconds(61));

        assertThat(counter.spent(List.of(user)).getFirst()).isEqualByComparingTo("0.10");
    }
}
