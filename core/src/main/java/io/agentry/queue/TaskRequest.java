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
 * @param scheduleId   the schedule that made the task, or null
 */
public record TaskRequest(String userId, String agent, String sessionId, String message, Long maxTokens,
                          BigDecimal maxCostUsd, String metadataJson, String webhookUrl, String apiKey,
                          String scheduleId) {

    public TaskRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
    }

    /** A task no schedule made. */
    public TaskRequest(String userId, String agent, String sessionId, String message, Long maxTokens,
                       BigDecimal maxCostUsd, String metadataJson, String webhookUrl, String apiKey) {
        this(userId, agent, sessionId, message, maxTokens, maxCostUsd, metadataJson, webhookUrl, apiKey, null);
    }

    /** This request in the given session. */
    public TaskRequest withSessionId(String session) {
        return new TaskRequest(userId, agent, session, message, maxTokens, maxCostUsd, metadataJson, webhookUrl, apiKey,
                scheduleId);
    }
}
