package io.agentry.server.schedules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scheduled runs ({@code agentry.schedules.*}).
 *
 * @param pollInterval     how often each worker process looks for due ticks (ticks fire up to this late)
 * @param misfireThreshold a tick found due later than this was missed (every process was down or stalled):
 *                         the schedule's {@code catch_up} decides whether missed ticks make one run or none;
 *                         a tick found sooner is on time and makes its own run
 */
@ConfigurationProperties("agentry.schedules")
public record SchedulesProperties(Duration pollInterval, Duration misfireThreshold) {

    public SchedulesProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        misfireThreshold = misfireThreshold == null ? Duration.ofSeconds(30) : misfireThreshold;
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalStateException("agentry.schedules.poll-interval must be positive");
        }
        if (misfireThreshold.compareTo(pollInterval) <= 0) {
            throw new IllegalStateException("agentry.schedules.misfire-threshold must be longer than the poll interval");
        }
    }
}
