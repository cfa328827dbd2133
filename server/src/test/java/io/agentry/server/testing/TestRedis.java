package io.agentry.server.testing;

import io.agentry.server.redis.AgentryRedisProperties;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The local Redis (127.0.0.1:6379; override with AGENTRY_TEST_REDIS_URL) under a key prefix of its own
 * ({@code test-<uuid>:}); {@link #close()} deletes this prefix's keys and nothing else.
 */
public final class TestRedis implements AutoCloseable {

    public static final String URL = System.getenv().getOrDefault("AGENTRY_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate template;
    private final AgentryRedisProperties properties;

    public TestRedis() {
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(URL);
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        template = new StringRedisTemplate(connections);
        properties = new AgentryRedisProperties(URL, newPrefix());
    }

    /** A fresh prefix, for a test that starts servers sharing Redis. */
    public static String newPrefix() {
        return "test-" + UUID.randomUUID() + ":";
    }

    public StringRedisTemplate template() {
        return template;
    }

    public AgentryRedisProperties properties() {
        return properties;
    }

    /** Deletes every key under a prefix (of this object's or a server's). */
    public void deleteKeys(String prefix) {
        Set<String> keys = template.keys(prefix + "*");
        if (keys != null && !keys.isEmpty()) {
            template.delete(keys);
        }
    }

    @Override
    public void close() {
        deleteKeys(properties.keyPrefix());
        connections.destroy();
    }
}
