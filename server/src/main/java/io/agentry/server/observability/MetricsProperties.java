package io.agentry.server.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metrics ({@code agentry.metrics.*}).
 *
 * @param queueStatsInterval how often the task queue's depth and oldest age are read from the store for the
 *                           queue gauges (a scrape never queries the store)
 */
@ConfigurationProperties("agentry.metrics")
public record MetricsProperties(Duration queueStatsInterval) {

    public MetricsProperties {
        queueStatsInterval = queueStatsInterval == null ? Duration.ofSeconds(10) : queueStatsInterval;
        if (queueStatsInterval.toMillis() < 100) {
            throw new IllegalStateException("agentry.metrics.queue-stats-interval must be at least 100ms");
        }
    }
}
