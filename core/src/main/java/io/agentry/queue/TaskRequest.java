package io.agentry.queue;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a client asked a background task to do: the body of {@code POST /tasks} after validation.
 *
 * @param agent        null for the default agent
 * @param metadataJson the request's free-form metadata as JSON text, or null
 * @param webhookUrl   where the final task JSON is posted, or null
 * @param apiKey       name of the API key that submitted the task (per-key spend budgets), or null
 */
public record TaskRequest(String userId, String agent, String sessionId, String message, Long maxTokens,
                          BigDecimal maxCostUsd, String metadataJson, String webhookUrl, String apiKey) {

    public TaskRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
    }
}
