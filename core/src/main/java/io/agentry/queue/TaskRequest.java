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
 * @param traceparent  the W3C {@code traceparent} of the request that enqueued the task, so that its runs
 *                     continue that trace; null when there was none
 */
public record TaskRequest(String userId, String agent, String sessionId, String message, Long maxTokens,
                          BigDecimal maxCostUsd, String metadataJson, String webhookUrl, String apiKey,
                          String scheduleId, String traceparent) {

    public TaskRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
    }

    /** A task no schedule made, outside any trace. */
    public TaskRequest(String userId, String agent, String sessionId, String message, Long maxTokens,
                       BigDecimal maxCostUsd, String metadataJson, String webhookUrl, String apiKey) {
        this(userId, agent, sessionId, message, maxTokens, maxCostUsd, metadataJson, webhookUrl, apiKey, null, null);
    }

    /** A task a schedule made, outside any trace. */
    public TaskRequest(String userId, String agent, String sessionId, String message, Long maxTokens,
                       BigDecimal maxCostUsd, String metadataJson, String webhookUrl, String apiKey, String scheduleId) {
        this(userId, agent, sessionId, message, maxTokens, maxCostUsd, metadataJson, webhookUrl, apiKey, scheduleId, null);
    }

    /** This request in the given session. */
    public TaskRequest withSessionId(String session) {
        return new TaskRequest(userId, agent, session, message, maxTokens, maxCostUsd, metadataJson, webhookUrl, apiKey,
                scheduleId, traceparent);
    }

    /** This request continuing the given trace. */
    public TaskRequest withTraceparent(String trace) {
        return new TaskRequest(userId, agent, sessionId, message, maxTokens, maxCostUsd, metadataJson, webhookUrl, apiKey,
                scheduleId, trace);
    }
}
