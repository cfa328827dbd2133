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
 * @param traceparent  the W3C {@code traceparent} of the request that enqueued the task, so that its runs
 *                     continue that trace; null when there was none
 */
public record TaskRequest(String userId, String agent, String sessionId, String message, Long maxTokens,
                          BigDecimal maxCostUsd, String metadataJson, String webhookUrl, String apiKey,
                          String traceparent) {

    public TaskRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
    }

    /** A request outside any trace. */
    public TaskRequest(String userId, String agent, String sessionId, String message, Long maxTokens,
                       BigDecimal maxCostUsd, String metadataJson, String webhookUrl, String apiKey) {
        this(userId, agent, sessionId, message, maxTokens, maxCostUsd, metadataJson, webhookUrl, apiKey, null);
    }
}
