package io.agentry.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentry.agent.AgentDefinition;
import io.agentry.model.TokenCounter;
import io.agentry.run.RunStatus;
import io.agentry.store.RunRecord;
import io.agentry.store.RunRecords;
import io.agentry.tool.CalculatorTool;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {

    private static final AgentDefinition AGENT = AgentDefinition.of("a", "offline", "Be brief.", List.of("calculator"));
    private static final List<ToolSpecification> TOOLS = List.of(new CalculatorTool().specification());
    private final CostEstimator estimator = new CostEstimator(PriceBook.defaults(), 5);

    private static RunRecord run(int iterations, long output) {
        return RunRecords.run("u", "offline").agent("a").iterations(iterations).usage(Usage.of(100, output)).cost("1")
                .latencyMs(1).build();
    }

    @Test
    void countsThePromptWithTheModelsTokenizerIncludingSystemPromptAndTools() {
        CostEstimate estimate = estimator.estimate(AGENT, TOOLS, List.of(), "what is 2+2?", List.of());

        TokenCounter counter = TokenCounter.forModel("offline");
        long expected = 3 + (3 + counter.count("Be brief.")) + (3 + counter.count("what is 2+2?")) + counter.countTool(TOOLS.getFirst());
        assertThat(estimate.basis().promptTokens()).isEqualTo(expected);
        assertThat(estimate.basis().tokenizer()).isEqualTo("o200k_base");
        assertThat(estimate.basis().exactTokenizer()).isTrue();
    }

    @Test
    void countsOnlyTheHistoryTheAgentsWindowSends() {
        List<dev.langchain4j.data.message.ChatMessage> session = List.of(
                dev.langchain4j.data.message.UserMessage.from("an old question with many words in it"),
                dev.langchain4j.data.message.AiMessage.from("an old answer"),
                dev.langchain4j.data.message.UserMessage.from("recent"),
                dev.langchain4j.data.message.AiMessage.from("reply"));
        AgentDefinition windowed = AgentDefinition.of("a", "offline", "Be brief.", List.of("calculator"))
                .withHistory(new io.agentry.agent.HistoryWindow(2, null));

        long whole = estimator.estimate(AGENT, TOOLS, session, "hi", List.of()).basis().promptTokens();
        long trimmed = estimator.estimate(windowed, TOOLS, session, "hi", List.of()).basis().promptTokens();
        long none = estimator.estimate(AGENT, TOOLS, List.of(), "hi", List.of()).basis().promptTokens();

        TokenCounter counter = TokenCounter.forModel("offline");
        assertThat(trimmed).isEqualTo(none + counter.countMessage(session.get(2)) + counter.countMessage(session.get(3)));
        assertThat(whole).isEqualTo(trimmed + counter.countMessage(session.get(0)) + counter.countMessage(session.get(1)));
    }

    @Test
    void usesDocumentedDefaultsWithoutEnoughHistory() {
        CostEstimate estimate = estimator.estimate(AGENT, TOOLS, List.of(), "hi",
                List.of(run(3, 10), run(3, 10)));

        assertThat(estimate.basis().source()).isEqualTo("defaults");
        assertThat(estimate.iterations()).isEqualTo(CostEstimator.DEFAULT_ITERATIONS[1]);
        assertThat(estimate.outputTokens()).isEqualTo(CostEstimator.DEFAULT_OUTPUT_TOKENS[1]);
        assertThat(estimate.lowUsd()).isLessThanOrEqualTo(estimate.costUsd());
        assertThat(estimate.costUsd()).isLessThanOrEqualTo(estimate.highUsd());
    }

    @Test
    void predictsIterationsAndOutputFromTheMedianAndNinetiethPercentileOfHistory() {
        List<RunRecord> history = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            history.add(run(i <= 6 ? 1 : 2, i * 10L));
        }

        CostEstimate estimate = estimator.estimate(AGENT, TOOLS, List.of(), "hi", history);

        assertThat(estimate.basis().source()).isEqualTo("history");
        assertThat(estimate.basis().runs()).isEqualTo(10);
        assertThat(estimate.iterations()).isEqualTo(1);
        assertThat(estimate.basis().iterationsP90()).isEqualTo(2);
        assertThat(estimate.outputTokens()).isEqualTo(50);
        assertThat(estimate.basis().outputTokensP90()).isEqualTo(90);
        long p = estimate.basis().promptTokens();
        assertThat(estimate.inputTokens()).isEqualTo(p);
        ModelPrice price = PriceBook.defaults().priceFor("offline").orElseThrow();
        assertThat(estimate.costUsd()).isEqualByComparingTo(price.cost(Usage.of(p, 50)));
        // high: two calls, the second re-sending the first's output and tool result
        long highInput = 2 * p + (2 * 45 + 6);
        assertThat(estimate.highUsd()).isEqualByComparingTo(price.cost(Usage.of(highInput, 90)));
        assertThat(estimate.lowUsd()).isEqualByComparingTo(price.cost(new Usage(0, 10, p, 0)));
    }

    @Test
    void anUnpricedModelGetsTokensButNoDollars() {
        AgentDefinition unpriced = AgentDefinition.of("b", "acme:brain-1", null, List.of());
        CostEstimate estimate = estimator.estimate(unpriced, List.of(), List.of(), "hi", List.of());

        assertThat(estimate.inputTokens()).isPositive();
        assertThat(estimate.costUsd()).isNull();
        assertThat(estimate.lowUsd()).isNull();
        assertThat(estimate.highUsd()).isNull();
        assertThat(estimate.basis().exactTokenizer()).isFalse();
    }
}
