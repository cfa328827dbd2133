package io.agentry.cost;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import io.agentry.agent.AgentDefinition;
import io.agentry.model.TokenCounter;
import io.agentry.store.RunRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Estimates a run's tokens and cost before it runs.
 *
 * <p>The first call's prompt {@code P} is counted exactly as the loop will send it (system prompt, tool
 * definitions, session history, message) with the model's tokenizer ({@link TokenCounter}: exact for
 * OpenAI models and offline, cl100k_base as an approximation for others). Iterations {@code n} and output
 * tokens {@code O} per run come from the agent's recent runs: the median for the point estimate, the 90th
 * percentile for the high end and the lowest seen for the low end. With fewer than {@code minHistory}
 * runs, documented defaults stand in ({@link #DEFAULT_ITERATIONS}, {@link #DEFAULT_OUTPUT_TOKENS}).
 *
 * <p>Every call after the first re-sends the conversation, which grows by the previous call's output and
 * its tool results; a tool result is assumed as long as the call that asked for it. So input tokens are
 * {@code n·P + g·n(n-1)/2} with {@code g = 2·O/n + 6} (two messages' framing). The point estimate prices
 * every prompt token at the input rate (no cache), the high end at the dearest prompt rate, the low end at
 * the cheapest (a cache read). Estimates ignore the run's caps on purpose: an estimate above them says
 * the run is likely to be stopped by them (which a run may ask to be refused for, in advance).
 */
public final class CostEstimator {

    /** Iterations without history: low, point, high. */
    public static final int[] DEFAULT_ITERATIONS = {1, 2, 4};
    /** Output tokens of a whole run without history: low, point, high. */
    public static final long[] DEFAULT_OUTPUT_TOKENS = {1, 500, 2_000};
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final PriceBook prices;
    private final int minHistory;

    /** @param minHistory recorded runs needed before history replaces the defaults */
    public CostEstimator(PriceBook prices, int minHistory) {
        this.prices = prices;
        this.minHistory = Math.max(1, minHistory);
    }

    /**
     * @param tools   the agent's tool definitions, as sent to the model
     * @param history the session's earlier messages (without the system prompt), whole or already windowed: the
     *                agent's {@link io.agentry.agent.HistoryWindow} is applied here as the loop applies it
     * @param recent  the agent's recent finished runs, any order
     */
    public CostEstimate estimate(AgentDefinition agent, List<ToolSpecification> tools, List<ChatMessage> history,
                                 String message, List<RunRecord> recent) {
        TokenCounter counter = TokenCounter.forModel(agent.model());
        long promptTokens = counter.countRequest(agent.firstPrompt(history, message, counter), tools);

        List<RunRecord> runs = recent.stream().filter(r -> r.iterations() > 0).toList();
        boolean fromHistory = runs.size() >= minHistory;
        int[] iterations = fromHistory ? intStats(runs, RunRecord::iterations) : DEFAULT_ITERATIONS.clone();
        long[] output = fromHistory ? stats(runs, r -> r.usage().outputTokens()) : DEFAULT_OUTPUT_TOKENS.clone();
        for (int i = 0; i < 3; i++) {
            iterations[i] = Math.max(1, Math.min(iterations[i], agent.maxIterations()));
        }

        ModelPrice price = prices.priceFor(agent.model()).orElse(null);
        Run low = run(promptTokens, iterations[0], output[0]);
        Run point = run(promptTokens, iterations[1], output[1]);
        Run high = run(promptTokens, iterations[2], output[2]);
        CostEstimate.Basis basis = new CostEstimate.Basis(fromHistory ? "history" : "defaults", runs.size(),
                counter.encoding().getName(), counter.isExact(), promptTokens, iterations[1], iterations[2],
                output[1], output[2]);
        return new CostEstimate(agent.model(), point.input, point.output, iterations[1],
                price == null ? null : cost(point, price.input(), price.output()),
                price == null ? null : cost(low, price.input().min(price.cacheRead()), price.output()),
                price == null ? null : cost(high, price.worstPromptRate(), price.output()),
                basis);
    }

    private record Run(long input, long output) {
    }

    /** Tokens of a run of {@code n} calls with {@code output} tokens in all. */
    private static Run run(long promptTokens, int n, long output) {
        long growth = 2 * Math.ceilDiv(output, n) + 6;
        return new Run(n * promptTokens + growth * n * (n - 1) / 2, output);
    }

    private static BigDecimal cost(Run run, BigDecimal promptRate, BigDecimal outputRate) {
        return promptRate.multiply(BigDecimal.valueOf(run.input)).add(outputRate.multiply(BigDecimal.valueOf(run.output)))
                .divide(MILLION, ModelPrice.USD_SCALE, RoundingMode.HALF_UP);
    }

    /** Lowest, median (lower middle value) and 90th percentile (nearest rank) of a value over the runs. */
    static long[] stats(List<RunRecord> runs, ToLongFunction<RunRecord> value) {
        long[] sorted = runs.stream().mapToLong(value).sorted().toArray();
        int n = sorted.length;
        return new long[] {sorted[0], sorted[(n - 1) / 2], sorted[(int) Math.ceil(0.9 * n) - 1]};
    }

    private static int[] intStats(List<RunRecord> runs, ToLongFunction<RunRecord> value) {
        long[] s = stats(runs, value);
        return new int[] {(int) s[0], (int) s[1], (int) s[2]};
    }
}
