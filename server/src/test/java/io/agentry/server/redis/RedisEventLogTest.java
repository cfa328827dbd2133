package io.agentry.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.events.EventLog;
import io.agentry.events.EventLogContract;
import io.agentry.server.health.ReadinessCheck;
import io.agentry.server.testing.TestRedis;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** The event log contract on the local Redis, wired exactly as the application wires it. */
class RedisEventLogTest extends EventLogContract {

    private static TestRedis testRedis;
    private static AgentryRedisProperties properties;
    private static String prefix;
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;
    private static RedisMessageListenerContainer listeners;
    private static RedisEventLog log;

    @BeforeAll
    static void connect() {
        testRedis = new TestRedis();
        properties = testRedis.properties();
        prefix = properties.keyPrefix();
        RedisConfiguration configuration = new RedisConfiguration();
        connections = configuration.redisConnectionFactory(properties);
        connections.afterPropertiesSet();
        connections.start();
        ReadinessCheck ping = configuration.redisReadinessCheck(new StringRedisTemplate(connections));
        assertThat(ping.check()).as("Redis at %s is needed for this test", TestRedis.URL).isNull();
        redis = configuration.stringRedisTemplate(connections);
        listeners = configuration.redisMessageListenerContainer(connections);
        listeners.afterPropertiesSet();
        listeners.start();
        log = new RedisEventLog(redis, listeners, properties, Duration.ofHours(1));
    }

    @AfterAll
    static void disconnect() throws Exception {
        try {
            listeners.destroy();
            connections.destroy();
        } finally {
            testRedis.close();
        }
    }

    @Override
    protected EventLog log() {
        return log;
    }

    @Override
    protected EventLog logWithRetention(Duration retention) {
        return new RedisEventLog(redis, listeners, properties, retention);
    }

    @Override
    protected void elapse(Duration duration) {
        // Redis expires keys in real time; the contract waits for it
    }

    @Test
    void keepsEveryKeyUnderTheConfiguredPrefixAndExpiresThem() {
        String id = "s-" + UUID.randomUUID();
        log.open(id, "alice");
        log.appendFinal(id, "run.completed", "{}");

        assertThat(redis.keys(prefix + "events:{" + id + "}*"))
                .containsExactlyInAnyOrder(prefix + "events:{" + id + "}", prefix + "events:{" + id + "}:meta");
        assertThat(redis.getExpire(prefix + "events:{" + id + "}")).isPositive();
        assertThat(redis.getExpire(prefix + "events:{" + id + "}:meta")).isPositive();
    }
}
