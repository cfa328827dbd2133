package io.agentry.cost;

import java.math.BigDecimal;

/**
 * What a run is expected to cost before it runs. Token counts and {@code iterations} are the point
 * estimate; the USD range {@code [lowUsd, highUsd]} brackets it. USD amounts are null when the model has
 * no known price.
 */
public record CostEstimate(String model, long inputTokens, long outputTokens, int iterations, BigDecimal costUsd,
                           BigDecimal lowUsd, BigDecimal highUsd, Basis basis) {

    /**
     * What the estimate rests on.
     *
     * @param source          {@code history} (this agent's recent runs) or {@code defaults} (too few of them)
     * @param runs            recorded runs considered
     * @param tokenizer       encoding used to count the prompt
     * @param exactTokenizer  the encoding is the model's own (OpenAI models, offline); otherwise an approximation
     * @param promptTokens    the first model call's prompt: system prompt, tool definitions, session history
     *                        and the message, with chat framing
     */
    public record Basis(String source, int runs, String tokenizer, boolean exactTokenizer, long promptTokens,
                        int iterationsMedian, int iterationsP90, long outputTokensMedian, long outputTokensP90) {
    }
}
