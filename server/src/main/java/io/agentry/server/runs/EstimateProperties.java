package io.agentry.server.runs;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cost estimates ({@code agentry.estimates.*}): how many of an agent's most recent runs to learn from
 * ({@code history-runs}, default 50) and how many it takes before they replace the defaults
 * ({@code min-history}, default 5).
 */
@ConfigurationProperties("agentry.estimates")
public record EstimateProperties(Integer historyRuns, Integer minHistory) {

    public EstimateProperties {
        historyRuns = historyRuns == null ? 50 : historyRuns;
        minHistory = minHistory == null ? 5 : minHistory;
        if (historyRuns < 1 || minHistory < 1) {
            throw new IllegalStateException("agentry.estimates.history-runs and min-history must be at least 1");
        }
    }
}
