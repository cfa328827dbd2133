package io.agentry.server.models;

import io.agentry.model.OfflineModelOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The built-in offline test-double model ({@code agentry.models.offline.*}); all zero by default.
 *
 * @param latencyMs       sleep before the first token of every call
 * @param tokensPerSecond pace of streamed tokens; 0 for no pacing
 * @param toolRounds      tool-calling rounds forced before each answer
 */
@ConfigurationProperties("agentry.models.offline")
public record OfflineModelProperties(long latencyMs, double tokensPerSecond, int toolRounds) {

    OfflineModelOptions toOptions() {
        return new OfflineModelOptions(latencyMs, tokensPerSecond, toolRounds);
    }
}
