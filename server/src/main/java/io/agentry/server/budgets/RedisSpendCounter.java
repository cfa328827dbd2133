package io.agentry.server.budgets;

import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendLimit;
import io.agentry.server.redis.AgentryRedisProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link SpendCounter} shared by every replica through Redis: one integer per bucket in units of 10^-10 USD,
 * checked and incremented by one Lua script, so a reservation over several buckets is atomic. A bucket
 * expires a day after its period ends.
 */
final class RedisSpendCounter implements SpendCounter {

    private static final long KEEP_AFTER_RESET_MILLIS = 86_400_000L;

    /** KEYS: buckets. ARGV: amount, then each bucket's budget, then each bucket's expiry (ms). */
    private static final RedisScript<List> RESERVE = RedisScript.of("""
            local n = #KEYS
            local amount = tonumber(ARGV[1])
            for i = 1, n do
              local spent = tonumber(redis.call('GET', KEYS[i]) or '0')
              if spent + amount > tonumber(ARGV[1 + i]) then
                return {i, spent}
              end
            end
            for i = 1, n do
              redis.call('INCRBY', KEYS[i], ARGV[1])
              redis.call('PEXPIREAT', KEYS[i], ARGV[1 + n + i])
            end
            return {0, 0}
            """, List.class);

    /** KEYS: buckets. ARGV: delta, then each bucket's expiry (ms). */
    private static final RedisScript<Long> ADJUST = RedisScript.of("""
            for i = 1, #KEYS do
              redis.call('INCRBY', KEYS[i], ARGV[1])
              redis.call('PEXPIREAT', KEYS[i], ARGV[1 + i])
            end
            return #KEYS
            """, Long.class);

    private final StringRedisTemplate redis;
    private final AgentryRedisProperties properties;

    RedisSpendCounter(StringRedisTemplate redis, AgentryRedisProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    @Override
    public Optional<Refusal> reserve(List<SpendLimit> limits, BigDecimal amountUsd) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(SpendCounter.units(amountUsd)));
        limits.forEach(l -> args.add(Long.toString(SpendCounter.units(l.budgetUsd()))));
        limits.forEach(l -> args.add(Long.toString(expiry(l))));
        List<?> result = redis.execute(RESERVE, keys(limits), args.toArray());
        int refusedBy = ((Number) result.get(0)).intValue();
        if (refusedBy == 0) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(limits.get(refusedBy - 1), SpendCounter.usd(((Number) result.get(1)).longValue())));
    }

    @Override
    public void adjust(List<SpendLimit> limits, BigDecimal deltaUsd) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(SpendCounter.units(deltaUsd)));
        limits.forEach(l -> args.add(Long.toString(expiry(l))));
        redis.execute(ADJUST, keys(limits), args.toArray());
    }

    @Override
    public void seed(SpendLimit limit, BigDecimal spentUsd) {
        long ttl = expiry(limit) - System.currentTimeMillis();
        if (ttl > 0) {
            redis.opsForValue().setIfAbsent(properties.key(limit.bucket()), Long.toString(SpendCounter.units(spentUsd)),
                    java.time.Duration.ofMillis(ttl));
        }
    }

    @Override
    public List<BigDecimal> spent(List<SpendLimit> limits) {
        List<String> values = redis.opsForValue().multiGet(keys(limits));
        List<BigDecimal> spent = new ArrayList<>(limits.size());
        for (int i = 0; i < limits.size(); i++) {
            String value = values == null ? null : values.get(i);
            spent.add(SpendCounter.usd(value == null ? 0 : Long.parseLong(value)));
        }
        return spent;
    }

    private List<String> keys(List<SpendLimit> limits) {
        return limits.stream().map(l -> properties.key(l.bucket())).toList();
    }

    private static long expiry(SpendLimit limit) {
        return limit.resetsAt().toEpochMilli() + KEEP_AFTER_RESET_MILLIS;
    }
}
