package io.agentry.server.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Redis for distributed mode ({@code agentry.redis.*}, env {@code AGENTRY_REDIS_URL}). Unset by default:
 * the embedded mode needs no Redis, and every Redis-backed component is absent until a URL is given.
 *
 * @param url       e.g. {@code redis://127.0.0.1:6379/0} or {@code rediss://user:pass@host:6380}
 * @param keyPrefix prefix of every key and channel we use, so several deployments (or test runs) can
 *                  share one Redis
 */
@ConfigurationProperties("agentry.redis")
public record AgentryRedisProperties(String url, String keyPrefix) {

    public AgentryRedisProperties {
        keyPrefix = keyPrefix == null || keyPrefix.isBlank() ? "agentry:" : keyPrefix;
    }

    /** A key or channel name under our prefix. */
    public String key(String name) {
        return keyPrefix + name;
    }
}
