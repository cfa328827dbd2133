package io.agentry.server.tasks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Background tasks ({@code agentry.tasks.*}).
 *
 * @param maxRetries      attempts after the first for retriable failures (provider 429/5xx, timeouts, lost worker)
 * @param retention       finished tasks are deleted this long after they finished
 * @param cleanupInterval how often each worker deletes expired tasks
 */
@ConfigurationProperties("agentry.tasks")
public record TasksProperties(Integer maxRetries, Duration retention, Duration cleanupInterval) {

    public TasksProperties {
        maxRetries = maxRetries == null ? 2 : maxRetries;
        retention = retention == null ? Duration.ofDays(7) : retention;
        cleanupInterval = cleanupInterval == null ? Duration.ofHours(1) : cleanupInterval;
        if (maxRetries < 0) {
            throw new IllegalStateException("agentry.tasks.max-retries must not be negative");
        }
    }
}
