package io.agentry.server.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Metrics ({@code agentry.metrics.*}).
 *
 * @param queueStatsInterval how often the task queue's depth and oldest age are read from the store for the
 *                           queue gauges (a scrape never queries the store)
 * @param maxToolNames       at most this many tool names label the tool meters; calls of further tools (MCP
 *                           servers can offer many, and change them) count under {@code other}
 */
@ConfigurationProperties("agentry.metrics")
public record MetricsProperties(Duration queueStatsInterval, Integer maxToolNames) {

    public static final int DEFAULT_MAX_TOOL_NAMES = 200;

    public MetricsProperties {
        maxToolNames = maxToolNames == null ? DEFAULT_MAX_TOOL_NAMES : maxToolNames;
        if (maxToolNames < 1) {
            throw new IllegalStateException("agentry.metrics.max-tool-names must be at least 1");
        }
        queueStatsInterval = queueStatsInterval == null ? Duration.ofSeconds(10) : queueStatsInterval;
        if (queueStatsInterval.toMillis() < 100) {
            throw new IllegalStateException("agentry.metrics.queue-stats-interval must be at least 100ms");
        }
    }
}
