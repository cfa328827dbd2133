package io.agentry.queue;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a client asked a background task to do: the body of {@code POST /tasks} after validation. Built with
 * {@link #builder}, which names every optional part, rather than positionally.
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

    /** A request of {@code userId} to send {@code message}; everything else is optional and null until set. */
    public static Builder builder(String userId, String message) {
        return new Builder(userId, message);
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

    /** The optional parts of a {@link TaskRequest}, each null unless set. */
    public static final class Builder {
        private final String userId;
        private final String message;
        private String agent;
        private String sessionId;
        private Long maxTokens;
        private BigDecimal maxCostUsd;
        private String metadataJson;
        private String webhookUrl;
        private String apiKey;
        private String scheduleId;
        private String traceparent;

        private Builder(String userId, String message) {
            this.userId = userId;
            this.message = message;
        }

        public Builder agent(String agent) {
            this.agent = agent;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder maxTokens(Long maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder maxCostUsd(BigDecimal maxCostUsd) {
            this.maxCostUsd = maxCostUsd;
            return this;
        }

        public Builder metadataJson(String metadataJson) {
            this.metadataJson = metadataJson;
            return this;
        }

        public Builder webhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder scheduleId(String scheduleId) {
            this.scheduleId = scheduleId;
            return this;
        }

        public Builder traceparent(String traceparent) {
            this.traceparent = traceparent;
            return this;
        }

        public TaskRequest build() {
            return new TaskRequest(userId, agent, sessionId, message, maxTokens, maxCostUsd, metadataJson, webhookUrl,
                    apiKey, scheduleId, traceparent);
        }
    }
}
