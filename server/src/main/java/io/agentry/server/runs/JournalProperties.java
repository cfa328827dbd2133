package io.agentry.server.runs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The run journal ({@code agentry.journal.*}).
 *
 * @param retention       how long a chain's steps are kept after its latest one was written (7 days): what
 *                        {@code GET /runs/{id}} shows of a run's steps, and how long an interrupted or failed task can
 *                        still be resumed from them
 * @param cleanupInterval how often worker processes delete the chains past their retention (1 hour)
 */
@ConfigurationProperties("agentry.journal")
public record JournalProperties(Duration retention, Duration cleanupInterval) {

    public JournalProperties {
        retention = retention == null ? Duration.ofDays(7) : retention;
        cleanupInterval = cleanupInterval == null ? Duration.ofHours(1) : cleanupInterval;
        if (retention.isNegative() || retention.isZero() || cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalStateException("agentry.journal.retention and cleanup-interval must be positive");
        }
    }
}
