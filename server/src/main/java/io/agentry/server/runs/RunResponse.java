package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.agent.RunResult;
import io.agentry.cost.Usage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.List;

/**
 * The answer of a run: the reference service's fields ({@code content, session_id, iterations,
 * tool_calls_made, latency_ms, success}) plus ours. {@code cost_usd} is null when the model's price is
 * unknown, never 0 in its place.
 */
@Schema(description = "The outcome of a run")
public record RunResponse(
        @Schema(description = "The agent's final answer; when success is false, null or a short note of why it stopped", example = "17*23 = 391")
        String content,
        @Schema(description = "The session the run belongs to: send it back to continue the conversation",
                example = "01a2423c-435a-75f5-bb92-2bb1eb2b211b")
        @JsonProperty("session_id") String sessionId,
        @Schema(description = "Model calls made", example = "2")
        int iterations,
        @Schema(description = "Names of the tools called, in order", example = "[\"calculator\"]")
        @JsonProperty("tool_calls_made") List<String> toolCallsMade,
        @Schema(description = "Wall-clock time of the run, in milliseconds", example = "62")
        @JsonProperty("latency_ms") long latencyMs,
        @Schema(description = "Whether the run produced a final answer", example = "true")
        boolean success,
        @Schema(description = "The run's id (its events: GET /runs/{run_id}/events when it was streamed)",
                example = "01a2423c-4354-7596-9cdf-aa6803ff8862")
        @JsonProperty("run_id") String runId,
        @Schema(description = "How the run ended: interrupted when a tool call waits for approval (then task_id and "
                + "pending_approval say how to continue it)",
                allowableValues = {"completed", "failed", "cancelled", "interrupted"}, example = "completed")
        String status,
        @Schema(description = "Why the run did not succeed, for a person (e.g. Token budget of 20000 exceeded); null "
                + "on success", example = "Token budget of 20000 exceeded")
        String error,
        @Schema(description = "The agent that ran", example = "default")
        String agent,
        @Schema(description = "The model the agent called", example = "offline")
        String model,
        @Schema(description = "Tokens used by all of the run's model calls")
        UsageBody usage,
        @Schema(description = "What the run cost, in USD; null when the model's price is unknown (never 0 in its place)",
                example = "0.00006405")
        @JsonProperty("cost_usd") BigDecimal costUsd,
        @Schema(description = "USD saved by prompt caching (cache reads priced below input)", example = "0")
        @JsonProperty("cache_savings_usd") BigDecimal cacheSavingsUsd,
        @Schema(description = "Only when interrupted: the background task that continues the run once its tool calls are "
                + "decided (POST /tasks/{id}/resume)", example = "01a2423b-4bba-79a8-a3c6-22048f182da3")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonProperty("task_id") String taskId,
        @Schema(description = "Only when interrupted: the tool calls that wait for approval")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @JsonProperty("pending_approval") PendingApproval pendingApproval) {

    @Schema(description = "Token counts")
    public record UsageBody(
            @Schema(description = "Input tokens not read from a cache", example = "371")
            @JsonProperty("input_tokens") long inputTokens,
            @Schema(description = "Output tokens", example = "14")
            @JsonProperty("output_tokens") long outputTokens,
            @Schema(description = "Input tokens read from the provider's prompt cache", example = "0")
            @JsonProperty("cache_read_tokens") long cacheReadTokens,
            @Schema(description = "Input tokens written to the provider's prompt cache", example = "0")
            @JsonProperty("cache_write_tokens") long cacheWriteTokens,
            @Schema(description = "All of the above", example = "385")
            @JsonProperty("total_tokens") long totalTokens) {

        public static UsageBody of(Usage usage) {
            return new UsageBody(usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(),
                    usage.cacheWriteTokens(), usage.totalTokens());
        }
    }

    public static RunResponse of(RunOutcome outcome) {
        RunResult r = outcome.result();
        PendingApproval pending = outcome.interruption() == null ? null : PendingApproval.of(outcome.interruption());
        return new RunResponse(r.content(), outcome.sessionId(), r.iterations(), r.toolCallsMade(),
                outcome.latencyMs(), r.success(), r.runId(), r.status().wireName(), r.error(), outcome.agent(),
                r.model(), UsageBody.of(r.usage()), plain(r.costUsd()), plain(r.cacheSavingsUsd()),
                outcome.continuedBy(), pending);
    }

    /** USD without trailing zeros (0.000123, not 0.0001230000). */
    public static BigDecimal plain(BigDecimal usd) {
        return usd == null ? null : usd.stripTrailingZeros();
    }
}
