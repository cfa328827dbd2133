package io.agentry.server.limits;

import io.agentry.limits.InMemoryRateLimiter;
import io.agentry.limits.RateLimiter;
import io.agentry.server.redis.AgentryRedisProperties;
import io.agentry.server.redis.ConditionalOnNoRedis;
import io.agentry.server.redis.ConditionalOnRedis;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The rate limiter: in-process in embedded mode, in Redis (shared by every replica) in distributed mode. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    @Bean
    @ConditionalOnNoRedis
    RateLimiter inMemoryRateLimiter(Clock clock) {
        return new InMemoryRateLimiter(clock);
    }

    @Bean
    @ConditionalOnRedis
    RateLimiter redisRateLimiter(StringRedisTemplate redis, AgentryRedisProperties properties) {
        return new RedisRateLimiter(redis, properties);
    }
}
