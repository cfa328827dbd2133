package io.agentry.server.redis;

import io.agentry.events.EventLog;
import io.agentry.limits.RateLimiter;
import io.agentry.limits.SpendCounter;
import io.agentry.server.config.ConditionalOnRedis;
import io.agentry.server.health.ReadinessCheck;
import io.agentry.server.runs.StreamingProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The Redis connection for distributed mode, and the Redis side of every port that has one (event log, rate
 * limiter, spend counter; task signals are {@link RedisTaskSignals}); the in-process side of each is the
 * feature's own {@code @ConditionalOnNoRedis} bean. Spring Boot's own Redis auto-configuration is excluded
 * (application.yml) so that no Redis client exists, or is health-checked, unless {@code agentry.redis.url}
 * is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRedis
class RedisConfiguration {

    @Bean
    LettuceConnectionFactory redisConnectionFactory(AgentryRedisProperties properties) {
        RedisURI uri = RedisURI.create(properties.url());
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        server.setDatabase(uri.getDatabase());
        if (uri.getUsername() != null) {
            server.setUsername(uri.getUsername());
        }
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            server.setPassword(RedisPassword.of(uri.getPassword()));
        }
        // While disconnected, commands fail at once instead of queueing until the command timeout: Redis only
        // makes things fast, so a caller must never wait for it (the store remains the record).
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
                .commandTimeout(Duration.ofSeconds(5))
                .clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .build());
        if (uri.isSsl()) {
            client.useSsl();
        }
        return new LettuceConnectionFactory(server, client.build());
    }

    @Bean
    StringRedisTemplate stringRedisTemplate(RedisConnectionFactory connectionFactory) {
        return new StringRedisTemplate(connectionFactory);
    }

    /**
     * One subscriber connection for every pub/sub listener of this process. Messages are handed to the
     * listeners by one thread, in the order Redis sent them (the container's default starts a thread per
     * message, which reorders them), so a listener must return quickly and never block.
     */
    @Bean
    RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connectionFactory) {
        ExecutorService dispatch = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("agentry-redis-listener").daemon().factory());
        RedisMessageListenerContainer container = new RedisMessageListenerContainer() {
            @Override
            public void destroy() throws Exception {
                try {
                    super.destroy();
                } finally {
                    dispatch.shutdownNow();
                }
            }
        };
        container.setConnectionFactory(connectionFactory);
        container.setTaskExecutor(dispatch);
        return container;
    }

    /** Run events in Redis Streams, replayable from every replica. */
    @Bean
    EventLog redisEventLog(StringRedisTemplate redis, RedisMessageListenerContainer listeners,
                           AgentryRedisProperties properties, StreamingProperties streaming) {
        return new RedisEventLog(redis, listeners, properties, streaming.retention());
    }

    /** Rate limits shared by every replica. */
    @Bean
    RateLimiter redisRateLimiter(StringRedisTemplate redis, AgentryRedisProperties properties) {
        return new RedisRateLimiter(redis, properties);
    }

    /** Spend counters shared by every replica. */
    @Bean
    SpendCounter redisSpendCounter(StringRedisTemplate redis, AgentryRedisProperties properties, Clock clock) {
        return new RedisSpendCounter(redis, properties, clock);
    }

    @Bean
    ReadinessCheck redisReadinessCheck(StringRedisTemplate redis) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "redis";
            }

            @Override
            public String check() {
                try {
                    String pong = redis.execute((org.springframework.data.redis.core.RedisCallback<String>) c -> c.ping());
                    return "PONG".equalsIgnoreCase(pong) ? null : "redis did not answer PING";
                } catch (RuntimeException e) {
                    return "redis unreachable";
                }
            }
        };
    }
}
