package io.agentry.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
