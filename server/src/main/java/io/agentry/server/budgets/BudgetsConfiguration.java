package io.agentry.server.budgets;

import io.agentry.limits.InMemorySpendCounter;
import io.agentry.limits.SpendCounter;
import io.agentry.server.redis.AgentryRedisProperties;
import io.agentry.server.redis.ConditionalOnNoRedis;
import io.agentry.server.redis.ConditionalOnRedis;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The spend counter: in-process in embedded mode, in Redis (shared by every replica) in distributed mode. */
@Configuration(proxyBeanMethods = false)
class BudgetsConfiguration {

    @Bean
    @ConditionalOnNoRedis
    SpendCounter inMemorySpendCounter(Clock clock) {
        return new InMemorySpendCounter(clock);
    }

    @Bean
    @ConditionalOnRedis
    SpendCounter redisSpendCounter(StringRedisTemplate redis, AgentryRedisProperties properties, Clock clock) {
        return new RedisSpendCounter(redis, properties, clock);
    }
}
