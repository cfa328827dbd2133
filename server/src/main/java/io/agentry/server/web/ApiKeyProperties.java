package io.agentry.server.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * API keys ({@code agentry.security.keys[i].*}). Give each key either {@code key} (the secret itself) or
 * {@code sha256} (hex SHA-256 of the secret, so the configuration holds no secret). A key with
 * {@code user-id} is bound to that user; without, it is a service key that acts for any user.
 * {@code admin} keys see every user's tasks and usage. With no keys configured, the development key
 * {@code agentry-dev-key} (service, admin) is accepted and a warning is logged.
 */
@ConfigurationProperties("agentry.security")
public record ApiKeyProperties(List<Key> keys) {

    public record Key(String name, String key, String sha256, String userId, boolean admin) {
    }

    public ApiKeyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }
}
