package io.agentry.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The local Redis (127.0.0.1:6379; override with AGENTRY_TEST_REDIS_URL) for tests, under a key prefix of
 * each test's own: {@link #deleteKeys} removes exactly those keys, never anything else.
 */
public final class TestRedis {

    public static final String URL = System.getenv().getOrDefault("AGENTRY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");

    private TestRedis() {
    }

    /** A fresh prefix, e.g. {@code test-3f2a...:}. */
    public static String newPrefix() {
        return "test-" + UUID.randomUUID() + ":";
    }

    /** A connection for a test's own checks and clean-up; close it when done. */
    public static Connection connect() {
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(URL);
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
        server.setDatabase(uri.getDatabase());
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server);
        factory.afterPropertiesSet();
        factory.start();
        return new Connection(factory, new StringRedisTemplate(factory));
    }

    public record Connection(LettuceConnectionFactory factory, StringRedisTemplate template) implements AutoCloseable {
        @Override
        public void close() {
            factory.destroy();
        }
    }

    /** Deletes every key under {@code prefix}. */
    public static void deleteKeys(StringRedisTemplate redis, String prefix) {
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        if (!keys.isEmpty()) {
            redis.delete(keys);
        }
    }
}
