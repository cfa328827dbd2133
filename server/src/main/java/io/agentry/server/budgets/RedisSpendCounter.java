package io.agentry.server.budgets;

import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendLimit;
import io.agentry.server.redis.AgentryRedisProperties;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link SpendCounter} shared by every replica through Redis: one integer per bucket in units of 10^-10 USD
 * (settled spend plus unexpired holds), and beside it a sorted set of the holds in it, each member
 * {@code <hold id>:<units>} scored by its expiry (ms). Every script first gives back the holds that expired in
 * the buckets it touches, so reading and reserving see only live holds, and a reservation over several buckets
 * stays atomic. Amounts travel as strings, never through Lua's floating-point numbers, except in the
 * comparison with a budget (exact up to {@link BudgetProperties#MAX_USD}). Both keys expire a day after their
 * period ends. Expiry is judged by the caller's clock.
 */
final class RedisSpendCounter implements SpendCounter {

    private static final long KEEP_AFTER_RESET_MILLIS = 86_400_000L;

    /** Gives back the holds of bucket {@code b} (sorted set {@code h}) that expired at or before {@code now}. */
    private static final String GIVE_BACK_EXPIRED = """
            local function give_back_expired(b, h, now)
              local expired = redis.call('ZRANGEBYSCORE', h, '-inf', now)
              for _, member in ipairs(expired) do
                redis.call('DECRBY', b, string.match(member, ':(%d+)$'))
              end
              if #expired > 0 then
                redis.call('ZREMRANGEBYSCORE', h, '-inf', now)
              end
            end
            """;

    /**
     * KEYS: bucket, holds, bucket, holds... ARGV: now, amount, member, hold expiry, then each bucket's budget,
     * then each bucket's key expiry (ms). Returns {0, 0}, or {index of the refusing bucket, its spend}.
     */
    private static final RedisScript<List> RESERVE = RedisScript.of(GIVE_BACK_EXPIRED + """
            local n = #KEYS / 2
            local amount = tonumber(ARGV[2])
            for i = 1, n do
              give_back_expired(KEYS[2 * i - 1], KEYS[2 * i], ARGV[1])
            end
            for i = 1, n do
              local spent = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
              if spent + amount > tonumber(ARGV[4 + i]) then
                return {i, spent}
              end
            end
            for i = 1, n do
              local b, h, expiry = KEYS[2 * i - 1], KEYS[2 * i], ARGV[4 + n + i]
              redis.call('INCRBY', b, ARGV[2])
              redis.call('ZADD', h, ARGV[4], ARGV[3])
              redis.call('PEXPIREAT', b, expiry)
              redis.call('PEXPIREAT', h, expiry)
            end
            return {0, 0}
            """, List.class);

    /**
     * KEYS: bucket, holds... ARGV: member, actual minus held, actual, then each bucket's key expiry (ms). Where
     * the hold is still in the set it is replaced by the actual cost; where it expired (already given back) the
     * actual cost is added.
     */
    private static final RedisScript<Long> SETTLE = RedisScript.of("""
            local n = #KEYS / 2
            for i = 1, n do
              local b, h = KEYS[2 * i - 1], KEYS[2 * i]
              if redis.call('ZREM', h, ARGV[1]) == 1 then
                redis.call('INCRBY', b, ARGV[2])
              else
                redis.call('INCRBY', b, ARGV[3])
              end
              redis.call('PEXPIREAT', b, ARGV[3 + i])
            end
            return n
            """, Long.class);

    /** KEYS: bucket, holds... ARGV: now. Returns each bucket's spend. */
    private static final RedisScript<List> SPENT = RedisScript.of(GIVE_BACK_EXPIRED + """
            local spent = {}
            for i = 1, #KEYS / 2 do
              give_back_expired(KEYS[2 * i - 1], KEYS[2 * i], ARGV[1])
              spent[i] = redis.call('GET', KEYS[2 * i - 1]) or '0'
            end
            return spent
            """, List.class);

    private final StringRedisTemplate redis;
    private final AgentryRedisProperties properties;
    private final Clock clock;

    RedisSpendCounter(StringRedisTemplate redis, AgentryRedisProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Optional<Refusal> reserve(Hold hold) {
        List<SpendLimit> limits = hold.limits();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(clock.millis()));
        args.add(Long.toString(SpendCounter.units(hold.amountUsd())));
        args.add(member(hold));
        args.add(Long.toString(hold.expiresAt().toEpochMilli()));
        limits.forEach(l -> args.add(Long.toString(SpendCounter.units(l.budgetUsd()))));
        limits.forEach(l -> args.add(Long.toString(expiry(l))));
        List<?> result = redis.execute(RESERVE, keysWithHolds(limits), args.toArray());
        int refusedBy = ((Number) result.get(0)).intValue();
        if (refusedBy == 0) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(limits.get(refusedBy - 1), SpendCounter.usd(((Number) result.get(1)).longValue())));
    }

    @Override
    public void settle(Hold hold, BigDecimal actualUsd) {
        long actual = SpendCounter.units(actualUsd);
        List<String> args = new ArrayList<>();
        args.add(member(hold));
        args.add(Long.toString(actual - SpendCounter.units(hold.amountUsd())));
        args.add(Long.toString(actual));
        hold.limits().forEach(l -> args.add(Long.toString(expiry(l))));
        redis.execute(SETTLE, keysWithHolds(hold.limits()), args.toArray());
    }

    @Override
    public void seed(SpendLimit limit, BigDecimal spentUsd) {
        long ttl = expiry(limit) - clock.millis();
        if (ttl > 0) {
            redis.opsForValue().setIfAbsent(properties.key(limit.bucket()), Long.toString(SpendCounter.units(spentUsd)),
                    Duration.ofMillis(ttl));
        }
    }

    @Override
    public List<BigDecimal> spent(List<SpendLimit> limits) {
        List<?> values = redis.execute(SPENT, keysWithHolds(limits), Long.toString(clock.millis()));
        List<BigDecimal> spent = new ArrayList<>(limits.size());
        for (Object value : values) {
            spent.add(SpendCounter.usd(Long.parseLong(value.toString())));
        }
        return spent;
    }

    /** The hold's member in each bucket's set: its amount travels with it, for giving it back on expiry. */
    private static String member(Hold hold) {
        return hold.id() + ":" + SpendCounter.units(hold.amountUsd());
    }

    private List<String> keysWithHolds(List<SpendLimit> limits) {
        List<String> keys = new ArrayList<>(2 * limits.size());
        for (SpendLimit limit : limits) {
            String bucket = properties.key(limit.bucket());
            keys.add(bucket);
            keys.add(bucket + ":holds");
        }
        return keys;
    }

    private static long expiry(SpendLimit limit) {
        return limit.resetsAt().toEpochMilli() + KEEP_AFTER_RESET_MILLIS;
    }
}
