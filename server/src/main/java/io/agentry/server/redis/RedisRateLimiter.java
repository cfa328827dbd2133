package io.agentry.server.redis;

import io.agentry.limits.Admission;
import io.agentry.limits.Quota;
import io.agentry.limits.QuotaState;
import io.agentry.limits.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link RateLimiter} shared by every replica through Redis: one sorted set per bucket (score: Redis server
 * time in ms; member: a unique id, plus {@code :tokens} for token entries), checked and updated by one Lua
 * script, so an admission over several quotas is atomic and the clock is the same for every replica.
 * Keys expire one window after their last entry.
 */
public final class RedisRateLimiter implements RateLimiter {

    private static final RedisScript<List> ADMIT = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local result = {1}
            local allowed = true
            local function amount(member)
              return tonumber(string.match(member, ':(%d+)$'))
            end
            for i, key in ipairs(KEYS) do
              local base = 2 + (i - 1) * 3
              local unit = ARGV[base]
              local limit = tonumber(ARGV[base + 1])
              local window = tonumber(ARGV[base + 2])
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
              local remaining, reset, refused
              if unit == 'r' then
                local count = redis.call('ZCARD', key)
                if count < limit then
                  refused = 0
                  remaining = limit - count
                  reset = window
                  if count > 0 then
                    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
                    reset = tonumber(oldest[2]) + window - now
                  end
                else
                  refused = 1
                  remaining = 0
                  local freeing = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
                  reset = math.max(1, tonumber(freeing[2]) + window - now)
                end
              else
                local entries = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
                local used = 0
                for j = 1, #entries, 2 do
                  used = used + amount(entries[j])
                end
                if used < limit then
                  refused = 0
                  remaining = limit - used
                  reset = window
                  if #entries > 0 then
                    reset = tonumber(entries[2]) + window - now
                  end
                else
                  refused = 1
                  remaining = 0
                  local left = used
                  for j = 1, #entries, 2 do
                    left = left - amount(entries[j])
                    if left < limit then
                      reset = math.max(1, tonumber(entries[j + 1]) + window - now)
                      break
                    end
                  end
                end
              end
              if refused == 1 then
                allowed = false
              end
              table.insert(result, remaining)
              table.insert(result, reset)
              table.insert(result, refused)
            end
            if allowed then
              for i, key in ipairs(KEYS) do
                local base = 2 + (i - 1) * 3
                if ARGV[base] == 'r' then
                  redis.call('ZADD', key, now, ARGV[1])
                  redis.call('PEXPIRE', key, tonumber(ARGV[base + 2]))
                  result[base] = result[base] - 1
                end
              end
            else
              result[1] = 0
            end
            return result
            """, List.class);

    private static final RedisScript<Long> RECORD = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            redis.call('ZADD', KEYS[1], now, ARGV[1])
            redis.call('PEXPIRE', KEYS[1], window)
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final AgentryRedisProperties properties;

    public RedisRateLimiter(StringRedisTemplate redis, AgentryRedisProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    @Override
    public Admission admit(List<Quota> quotas) {
        List<String> keys = new ArrayList<>(quotas.size());
        List<String> args = new ArrayList<>(1 + quotas.size() * 3);
        args.add(UUID.randomUUID().toString());
        for (Quota quota : quotas) {
            keys.add(key(quota));
            args.add(quota.unit() == Quota.Unit.REQUESTS ? "r" : "t");
            args.add(Long.toString(quota.limit()));
            args.add(Long.toString(quota.window().toMillis()));
        }
        List<?> result = redis.execute(ADMIT, keys, args.toArray());
        List<QuotaState> states = new ArrayList<>(quotas.size());
        for (int i = 0; i < quotas.size(); i++) {
            long remaining = ((Number) result.get(1 + i * 3)).longValue();
            long reset = ((Number) result.get(2 + i * 3)).longValue();
            boolean refused = ((Number) result.get(3 + i * 3)).longValue() == 1;
            states.add(new QuotaState(quotas.get(i), remaining, Duration.ofMillis(reset), refused));
        }
        return new Admission(((Number) result.getFirst()).longValue() == 1, states);
    }

    @Override
    public void record(Quota quota, long tokens) {
        if (tokens <= 0) {
            return;
        }
        redis.execute(RECORD, List.of(key(quota)), UUID.randomUUID() + ":" + tokens,
                Long.toString(quota.window().toMillis()));
    }

    private String key(Quota quota) {
        return properties.key("rl:" + quota.bucket());
    }
}
