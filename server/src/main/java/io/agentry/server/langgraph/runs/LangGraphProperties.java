package io.agentry.server.langgraph.runs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code agentry.langgraph.*}.
 *
 * @param dispatchInterval how often waiting LangGraph runs (after_seconds, enqueued behind a thread's run) are
 *                         looked at (default 500 ms)
 */
@ConfigurationProperties("agentry.langgraph")
record LangGraphProperties(Duration dispatchInterval) {

    LangGraphProperties {
        if (dispatchInterval == null) {
            dispatchInterval = Duration.ofMillis(500);
        }
        if (dispatchInterval.isNegative() || dispatchInterval.isZero()) {
            throw new IllegalArgumentException("agentry.langgraph.dispatch-interval must be positive");
        }
    }
}
