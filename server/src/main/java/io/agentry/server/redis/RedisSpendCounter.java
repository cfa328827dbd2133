package io.agentry.server.redis;

import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendLimit;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link SpendCounter} shared by every replica through Redis: one integer per bucket in units of 10^-10 USD
 * (settled spend plus unexpired holds), and beside it a sorted set of the holds in it, each member
 * {@code <hold id>:<units>} scored by its expiry (ms). The reading and reserving scripts first give back the
 * holds that expired in the buckets they touch, so they see only live holds, and a reservation over several
 * buckets stays atomic. A seed sets a missing bucket and drops whatever holds set outlived it (a bucket evicted
 * alone), so no hold is ever taken out of a bucket that never counted it. Amounts travel as strings, never through Lua's floating-point numbers, except in the
 * comparison with a budget (exact up to {@link BudgetProperties#MAX_USD}). Both keys expire a day after their
 * period ends. Expiry is judged by the caller's clock.
 */
public final class RedisSpendCounter implements SpendCounter {

    private static final long KEEP_AFTER_RESET_MILLIS = 86_400_000L;

    /**
     * Gives back the holds of bucket {@code b} (sorted set {@code h}) that expired at or before {@code now}; a
     * missing bucket is not created.
     */
    private static final String GIVE_BACK_EXPIRED = """
            local function give_back_expired(b, h, now)
              local expired = redis.call('ZRANGEBYSCORE', h, '-inf', now)
              if #expired > 0 then
                if redis.call('EXISTS', b) == 1 then
                  for _, member in ipairs(expired) do
                    redis.call('DECRBY', b, string.match(member, ':(%d+)$'))
                  end
                end
                redis.call('ZREMRANGEBYSCORE', h, '-inf', now)
              end
            end
            """;

    /**
     * KEYS: bucket, holds, bucket, holds... ARGV: now, amount, member, hold expiry, then each bucket's budget,
     * each bucket's key expiry (ms), each bucket's from-ledger flag ('1': must exist). Returns {0, 0}, or
     * {-(index of a missing bucket from the ledger), 0}, or {index of the refusing bucket, its spend}.
     */
    private static final RedisScript<List> RESERVE = RedisScript.of(GIVE_BACK_EXPIRED + """
            local n = #KEYS / 2
            local amount = tonumber(ARGV[2])
            for i = 1, n do
              give_back_expired(KEYS[2 * i - 1], KEYS[2 * i], ARGV[1])
            end
            for i = 1, n do
              if ARGV[4 + 2 * n + i] == '1' and redis.call('EXISTS', KEYS[2 * i - 1]) == 0 then
                return {-i, 0}
              end
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
     * KEYS: bucket, holds... ARGV: member, actual minus held, actual. Where the hold is still in the set it is
     * replaced by the actual cost; where it expired (already given back) the actual cost is added; a missing
     * bucket is not created.
     */
    private static final RedisScript<Long> SETTLE = RedisScript.of("""
            local n = #KEYS / 2
            for i = 1, n do
              local b, h = KEYS[2 * i - 1], KEYS[2 * i]
              local held = redis.call('ZREM', h, ARGV[1]) == 1
              if redis.call('EXISTS', b) == 1 then
                redis.call('INCRBY', b, held and ARGV[2] or ARGV[3])
              end
            end
            return n
            """, Long.class);

    /** KEYS: bucket, holds. ARGV: spend, key expiry (ms). Sets a missing bucket and clears its holds; 1 if it did. */
    private static final RedisScript<Long> SEED = RedisScript.of("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PXAT', ARGV[2]) then
              redis.call('DEL', KEYS[2])
              return 1
            end
            return 0
            """, Long.class);

    /** KEYS: bucket, holds... ARGV: now. Returns each bucket's spend, '-' for a missing one. */
    private static final RedisScript<List> SPENT = RedisScript.of(GIVE_BACK_EXPIRED + """
            local spent = {}
            for i = 1, #KEYS / 2 do
              give_back_expired(KEYS[2 * i - 1], KEYS[2 * i], ARGV[1])
              spent[i] = redis.call('GET', KEYS[2 * i - 1]) or '-'
            end
            return spent
            """, List.class);

    private final StringRedisTemplate redis;
    private final AgentryRedisProperties properties;
    private final Clock clock;

    public RedisSpendCounter(StringRedisTemplate redis, AgentryRedisProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Outcome reserve(Hold hold) {
        List<SpendLimit> limits = hold.limits();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(clock.millis()));
        args.add(Long.toString(SpendCounter.units(hold.amountUsd())));
        args.add(member(hold));
        args.add(Long.toString(hold.expiresAt().toEpochMilli()));
        limits.forEach(l -> args.add(Long.toString(SpendCounter.units(l.budgetUsd()))));
        limits.forEach(l -> args.add(Long.toString(expiry(l))));
        limits.forEach(l -> args.add(l.fromLedger() ? "1" : "0"));
        List<?> result = redis.execute(RESERVE, keysWithHolds(limits), args.toArray());
        int index = ((Number) result.get(0)).intValue();
        if (index == 0) {
            return RESERVED;
        }
        if (index < 0) {
            return new Unseeded(limits.get(-index - 1));
        }
        return new Refusal(limits.get(index - 1), SpendCounter.usd(((Number) result.get(1)).longValue()));
    }

    @Override
    public void settle(Hold hold, BigDecimal actualUsd) {
        long actual = SpendCounter.units(actualUsd);
        List<String> args = new ArrayList<>();
        args.add(member(hold));
        args.add(Long.toString(actual - SpendCounter.units(hold.amountUsd())));
        args.add(Long.toString(actual));
        redis.execute(SETTLE, keysWithHolds(hold.limits()), args.toArray());
    }

    @Override
    public void seed(SpendLimit limit, BigDecimal spentUsd) {
        if (expiry(limit) > clock.millis()) {
            redis.execute(SEED, keysWithHolds(List.of(limit)), Long.toString(SpendCounter.units(spentUsd)),
                    Long.toString(expiry(limit)));
        }
    }

    @Override
    public List<BigDecimal> spent(List<SpendLimit> limits) {
        List<?> values = redis.execute(SPENT, keysWithHolds(limits), Long.toString(clock.millis()));
        List<BigDecimal> spent = new ArrayList<>(limits.size());
        for (Object value : values) {
            spent.add("-".equals(value) ? null : SpendCounter.usd(Long.parseLong(value.toString())));
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
