package io.agentry.server.guardrails;

import io.agentry.limits.InMemoryRateLimiter;
import io.agentry.limits.InMemorySpendCounter;
import io.agentry.limits.RateLimiter;
import io.agentry.limits.SpendCounter;
import io.agentry.server.config.ConditionalOnNoRedis;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limiter and spend counter of embedded mode, in-process; in distributed mode their Redis twins
 * (shared by every replica) take their place (see {@code redis.RedisConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class GuardrailsConfiguration {

    @Bean
    @ConditionalOnNoRedis
    RateLimiter inMemoryRateLimiter(Clock clock) {
        return new InMemoryRateLimiter(clock);
    }

    @Bean
    @ConditionalOnNoRedis
    SpendCounter inMemorySpendCounter(Clock clock) {
        return new InMemorySpendCounter(clock);
    }
}
