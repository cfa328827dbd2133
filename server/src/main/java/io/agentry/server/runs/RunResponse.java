package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.agent.RunResult;
import io.agentry.cost.Usage;
import java.math.BigDecimal;
import java.util.List;

/**
 * The answer of a run: the reference service's fields ({@code content, session_id, iterations,
 * tool_calls_made, latency_ms, success}) plus ours. {@code cost_usd} is null when the model's price is
 * unknown, never 0 in its place.
 */
public record RunResponse(
        String content,
        @JsonProperty("session_id") String sessionId,
        int iterations,
        @JsonProperty("tool_calls_made") List<String> toolCallsMade,
        @JsonProperty("latency_ms") long latencyMs,
        boolean success,
        @JsonProperty("run_id") String runId,
        String status,
        String error,
        String agent,
        String model,
        UsageBody usage,
        @JsonProperty("cost_usd") BigDecimal costUsd,
        @JsonProperty("cache_savings_usd") BigDecimal cacheSavingsUsd) {

    public record UsageBody(
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("cache_read_tokens") long cacheReadTokens,
            @JsonProperty("cache_write_tokens") long cacheWriteTokens,
            @JsonProperty("total_tokens") long totalTokens) {

        public static UsageBody of(Usage usage) {
            return new UsageBody(usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(),
                    usage.cacheWriteTokens(), usage.totalTokens());
        }
    }

    public static RunResponse of(RunOutcome outcome) {
        RunResult r = outcome.result();
        return new RunResponse(r.content(), outcome.sessionId(), r.iterations(), r.toolCallsMade(),
                outcome.latencyMs(), r.success(), r.runId(), r.status().wireName(), r.error(), outcome.agent(),
                r.model(), UsageBody.of(r.usage()), plain(r.costUsd()), plain(r.cacheSavingsUsd()));
    }

    /** USD without trailing zeros (0.000123, not 0.0001230000). */
    public static BigDecimal plain(BigDecimal usd) {
        return usd == null ? null : usd.stripTrailingZeros();
    }
}
