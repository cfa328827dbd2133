package io.agentry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.cost.ModelPrice;
import io.agentry.cost.PriceBook;
import io.agentry.cost.Usage;
import io.agentry.model.LangChainModelClient;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelReply;
import io.agentry.model.OfflineChatModel;
import io.agentry.model.OfflineModelOptions;
import io.agentry.model.RetriableModelException;
import io.agentry.model.TokenCounter;
import io.agentry.model.UsageMapper;
import io.agentry.run.RunEvent;
import io.agentry.run.RunId;
import io.agentry.run.RunStatus;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.CurrentTimeTool;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AgentLoopTest {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    /** Blocks until released; lets tests see that two tool calls run at the same time. */
    private static final class BarrierTool implements Tool {
        final CountDownLatch bothStarted = new CountDownLatch(2);

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("barrier").description("waits for its sibling").build();
        }

        @Override
        public String execute(ToolCall call) throws Exception {
            bothStarted.countDown();
            return bothStarted.await(10, TimeUnit.SECONDS) ? "met" : "alone";
        }
    }

    /** Always throws; shared with {@link RunObserverTest}. */
    static final class ExplodingTool implements Tool {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("explode").description("always fails").build();
        }

        @Override
        public String execute(ToolCall call) {
            throw new IllegalStateException("kaboom");
        }
    }

    /** A model that answers from a script, one reply per call, and records what it was asked (shared with RunObserverTest). */
    static final class ScriptedModel implements ModelClient {
        final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final List<java.util.function.Function<ChatRequest, ModelReply>> script;

        ScriptedModel(List<java.util.function.Function<ChatRequest, ModelReply>> script) {
            this.script = script;
        }

        @Override
        public String modelId() {
            return "scripted";
        }

        @Override
        public ModelReply chat(ChatRequest request, TokenSink tokens) {
            requests.add(request);
            return script.get(Math.min(requests.size(), script.size()) - 1).apply(request);
        }
    }

    private final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    private AgentLoop loop(ModelClient model, Tool... extraTools) {
        List<Tool> all = new ArrayList<>(List.of(new CalculatorTool(), new CurrentTimeTool(CLOCK)));
        all.addAll(List.of(extraTools));
        return new AgentLoop(id -> model, new ToolRegistry(all), PriceBook.defaults()
                .withOverrides(Map.of("scripted", ModelPrice.of("1", "2", "0.1", "1.25"))), TIMER);
    }

    private static ModelClient offline(OfflineModelOptions options) {
        OfflineChatModel model = new OfflineChatModel(options);
        return new LangChainModelClient("offline", "offline", model, model, UsageMapper.PLAIN);
    }

    private static RunInput input(AgentDefinition agent, String message) {
        return new RunInput(RunId.generate(), agent, message, List.of(), agent.budget(), "alice", "s1", false);
    }

    private static AgentDefinition agent(String model, String... tools) {
        return AgentDefinition.of("test", model, "You are helpful.", List.of(tools));
    }

    @Test
    void arithmeticGoesThroughTheCalculatorAndBack() {
        AgentLoop loop = loop(offline(OfflineModelOptions.INSTANT));
        RunResult result = loop.run(input(agent("offline", "calculator", "current_time"), "what is 17*23?"),
                events::add, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.content()).contains("391");
        assertThat(result.iterations()).isEqualTo(2);
        assertThat(result.toolCallsMade()).containsExactly("calculator");
        assertThat(result.calls()).hasSize(2);
        assertThat(result.usage()).isEqualTo(result.calls().get(0).usage().plus(result.calls().get(1).usage()));
        assertThat(result.costUsd()).isEqualByComparingTo(
                result.calls().get(0).costUsd().add(result.calls().get(1).costUsd()));
        assertThat(result.costUsd()).isPositive();
        // the session gains the question, the tool call, its result and the answer
        assertThat(result.newMessages()).hasSize(4);
        assertThat(result.newMessages().get(2)).isInstanceOf(ToolExecutionResultMessage.class);
        assertThat(((ToolExecutionResultMessage) result.newMessages().get(2)).text()).isEqualTo("391");
    }

    @Test
    void eventsArriveInOrderEndingWithOneTerminalEvent() {
        AgentLoop loop = loop(offline(OfflineModelOptions.INSTANT));
        loop.run(input(agent("offline", "calculator"), "what is 2+3?"), events::add, new Cancellation());

        assertThat(events).extracting(RunEvent::type).containsExactly(
                "run.started", "usage", "tool.started", "tool.finished", "usage", "token", "run.completed");
        RunEvent.ToolFinished finished = (RunEvent.ToolFinished) events.get(3);
        assertThat(finished.result()).isEqualTo("5");
        assertThat(finished.error()).isNull();
        assertThat(events.stream().filter(RunEvent::isTerminal)).hasSize(1);
    }

    @Test
    void streamingRunsEmitTheAnswerTokenByToken() {
        AgentLoop loop = loop(offline(OfflineModelOptions.INSTANT));
        AgentDefinition agent = agent("offline");
        RunResult result = loop.run(new RunInput(RunId.generate(), agent, "hello there", List.of(), agent.budget(),
                "alice", "s1", true), events::add, new Cancellation());

        List<String> tokens = events.stream().filter(e -> e instanceof RunEvent.Token)
                .map(e -> ((RunEvent.Token) e).text()).toList();
        assertThat(tokens.size()).isGreaterThan(5);
        assertThat(String.join("", tokens)).isEqualTo(result.content());
        assertThat(tokens.size()).isEqualTo((int) result.usage().outputTokens());
    }

    @Test
    void severalToolCallsOfOneTurnRunInParallel() {
        BarrierTool barrier = new BarrierTool();
        ToolExecutionRequest a = ToolExecutionRequest.builder().id("a").name("barrier").arguments("{}").build();
        ToolExecutionRequest b = ToolExecutionRequest.builder().id("b").name("barrier").arguments("{}").build();
        ScriptedModel model = new ScriptedModel(List.of(
                r -> new ModelReply(AiMessage.from(List.of(a, b)), Usage.of(10, 5), FinishReason.TOOL_EXECUTION, "scripted"),
                r -> new ModelReply(AiMessage.from("done"), Usage.of(20, 2), FinishReason.STOP, "scripted")));

        RunResult result = loop(model, barrier).run(input(agent("scripted", "barrier"), "go"), events::add, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(result.toolCallsMade()).containsExactly("barrier", "barrier");
        List<ChatMessage> secondPrompt = model.requests.get(1).messages();
        assertThat(secondPrompt.subList(secondPrompt.size() - 2, secondPrompt.size()))
                .extracting(m -> ((ToolExecutionResultMessage) m).text()).containsExactly("met", "met");
    }

    @Test
    void aFailingToolIsReportedToTheModelAndCountedButDoesNotFailTheRun() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("x").name("explode").arguments("{}").build();
        ScriptedModel model = new ScriptedModel(List.of(
                r -> new ModelReply(AiMessage.from(call), Usage.of(10, 5), FinishReason.TOOL_EXECUTION, "scripted"),
                r -> new ModelReply(AiMessage.from("recovered"), Usage.of(20, 2), FinishReason.STOP, "scripted")));

        RunResult result = loop(model, new ExplodingTool()).run(input(agent("scripted", "explode"), "go"),
                events::add, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(result.content()).isEqualTo("recovered");
        assertThat(result.toolErrors()).isEqualTo(1);
        List<ChatMessage> secondPrompt = model.requests.get(1).messages();
        assertThat(((ToolExecutionResultMessage) secondPrompt.getLast()).text()).isEqualTo("Error: kaboom");
        assertThat(events).filteredOn(e -> e instanceof RunEvent.ToolFinished)
                .extracting(e -> ((RunEvent.ToolFinished) e).error()).containsExactly("kaboom");
    }

    @Test
    void calculatorErrorsReachTheModelAsToolResults() {
        AgentLoop loop = loop(offline(OfflineModelOptions.INSTANT));
        RunResult result = loop.run(input(agent("offline", "calculator"), "what is 1/0?"), events::add, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(result.toolErrors()).isEqualTo(1);
        assertThat(result.content()).contains("division by zero");
    }

    @Test
    void aToolTheAgentDoesNotHaveIsAnErrorResultNotACrash() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("x").name("rm_rf").arguments("{}").build();
        ScriptedModel model = new ScriptedModel(List.of(
                r -> new ModelReply(AiMessage.from(call), Usage.of(10, 5), FinishReason.TOOL_EXECUTION, "scripted"),
                r -> new ModelReply(AiMessage.from("ok"), Usage.of(20, 2), FinishReason.STOP, "scripted")));

        RunResult result = loop(model).run(input(agent("scripted", "calculator"), "go"), events::add, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(result.toolErrors()).isEqualTo(1);
        assertThat(((ToolExecutionResultMessage) model.requests.get(1).messages().getLast()).text())
                .isEqualTo("Error: unknown tool 'rm_rf'");
    }

    @Test
    void stopsAtMaxIterations() {
        AgentLoop loop = loop(offline(new OfflineModelOptions(0, 0, 100)));
        RunResult result = loop.run(input(agent("offline", "current_time").withMaxIterations(3), "hi"),
                events::add, new Cancellation());

        assertThat(result.success()).isFalse();
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.iterations()).isEqualTo(3);
        assertThat(result.error()).isEqualTo("Max iterations (3) reached");
        assertThat(result.toolCallsMade()).hasSize(3);
    }

    @Test
    void tokenBudgetStopsTheRunBeforeItOverspends() throws Exception {
        // the model keeps calling tools and every call uses all the output tokens it is allowed
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("t").name("current_time").arguments("{}").build();
        TokenCounter counter = TokenCounter.forModel("scripted");
        ScriptedModel model = new ScriptedModel(List.of(r -> new ModelReply(AiMessage.from(call),
                Usage.of(counter.countRequest(r.messages(), r.toolSpecifications()), r.maxOutputTokens()),
                FinishReason.TOOL_EXECUTION, "scripted")));
        AgentDefinition agent = AgentDefinition.of("test", "scripted", "sys", List.of("current_time")).withLimits(50, 1_000, 200);

        RunResult result = loop(model).run(input(agent, "go"), events::add, new Cancellation());

        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("Token budget of 1000 exceeded");
        assertThat(result.content()).isEqualTo("I was unable to complete this task within the token budget.");
        assertThat(result.usage().totalTokens()).isLessThanOrEqualTo(1_000);
        // every call's worst case fitted in what was left when it was made
        long before = 0;
        for (int i = 0; i < model.requests.size(); i++) {
            ChatRequest r = model.requests.get(i);
            assertThat(r.maxOutputTokens()).isPositive().isLessThanOrEqualTo(200);
            assertThat(before + counter.countRequest(r.messages(), r.toolSpecifications()) + r.maxOutputTokens())
                    .isLessThanOrEqualTo(1_000);
            before += result.calls().get(i).usage().totalTokens();
        }
        // and it stopped only because the next prompt plus one output token would not have fitted
        ChatRequest last = model.requests.getLast();
        List<ChatMessage> next = new ArrayList<>(last.messages());
        next.add(AiMessage.from(call));
        next.add(ToolExecutionResultMessage.from(call, new CurrentTimeTool(CLOCK).execute(
                new ToolCall("t", "current_time", "{}", null))));
        assertThat(result.usage().totalTokens() + counter.countRequest(next, last.toolSpecifications()) + 1)
                .isGreaterThan(1_000);
    }

    @Test
    void aRequestBudgetLowerThanTheAgentsStopsTheRunBeforeTheFirstCall() {
        ScriptedModel model = new ScriptedModel(List.of(
                r -> new ModelReply(AiMessage.from("never"), Usage.of(1, 1), FinishReason.STOP, "scripted")));
        AgentDefinition agent = agent("scripted");
        RunInput run = new RunInput(RunId.generate(), agent, "a question of some length", List.of(),
                agent.budget().lowerTo(5L, null), "alice", "s1", false);

        RunResult result = loop(model).run(run, events::add, new Cancellation());

        assertThat(result.error()).isEqualTo("Token budget of 5 exceeded");
        assertThat(model.requests).isEmpty();
        assertThat(result.usage()).isEqualTo(Usage.ZERO);
    }

    @Test
    void costBudgetLowersMaxTokensAndNeverOverspends() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("t").name("current_time").arguments("{}").build();
        TokenCounter counter = TokenCounter.forModel("scripted");
        ScriptedModel model = new ScriptedModel(List.of(r -> new ModelReply(AiMessage.from(call),
                Usage.of(counter.countRequest(r.messages(), r.toolSpecifications()), r.maxOutputTokens()),
                FinishReason.TOOL_EXECUTION, "scripted")));
        // scripted costs $1 per million input (1.25 worst case), $2 per million output
        BigDecimal cap = new BigDecimal("0.002");
        AgentDefinition agent = new AgentDefinition("test", "scripted", "sys", List.of("current_time"), 50, 1_000_000,
                cap, 300, null, null, true);

        RunResult result = loop(model).run(input(agent, "go"), events::add, new Cancellation());

        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("Cost budget of $0.002 exceeded");
        assertThat(result.costUsd()).isLessThanOrEqualTo(cap);
        assertThat(result.calls().size()).isGreaterThan(1);
    }

    @Test
    void answerCutShortByTheBudgetIsABudgetFailure() {
        AgentLoop loop = loop(offline(OfflineModelOptions.INSTANT));
        AgentDefinition agent = agent("offline");
        int prompt = TokenCounter.forModel("offline").countRequest(
                List.of(dev.langchain4j.data.message.SystemMessage.from("You are helpful."), UserMessage.from("hello there")), List.of());
        RunInput run = new RunInput(RunId.generate(), agent, "hello there", List.of(),
                agent.budget().lowerTo((long) prompt + 3, null), "alice", "s1", false);

        RunResult result = loop.run(run, events::add, new Cancellation());

        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("Token budget of " + (prompt + 3) + " exceeded");
        assertThat(result.usage().totalTokens()).isEqualTo(prompt + 3);
    }

    @Test
    void cancellationInterruptsAnInFlightModelCall() throws Exception {
        AgentLoop loop = loop(offline(new OfflineModelOptions(30_000, 0, 0)));
        Cancellation cancellation = new Cancellation();
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread runner = Thread.ofVirtual().start(() ->
                result.set(loop.run(input(agent("offline"), "hello"), events::add, cancellation)));
        org.awaitility.Awaitility.await().until(() -> !events.isEmpty());
        long start = System.nanoTime();
        cancellation.cancel();
        runner.join(Duration.ofSeconds(5));

        assertThat(runner.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.get().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(events.getLast()).isInstanceOf(RunEvent.Cancelled.class);
    }

    @Test
    void softTimeLimitFailsTheRunWithAClearError() {
        AgentLoop loop = loop(offline(new OfflineModelOptions(30_000, 0, 0)));
        RunResult result = loop.run(input(agent("offline").withTimeLimit(Duration.ofMillis(200)), "hello"),
                events::add, new Cancellation());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).isEqualTo("Time limit exceeded");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void retriableModelFailuresAreMarkedRetriable() {
        ScriptedModel model = new ScriptedModel(List.of(r -> {
            throw new RetriableModelException("openai", 429, "openai returned HTTP 429", Duration.ofSeconds(3), null);
        }));
        RunResult result = loop(model).run(input(agent("scripted"), "go"), events::add, new Cancellation());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.retriable()).isTrue();
        assertThat(result.error()).isEqualTo("openai returned HTTP 429");
        assertThat(events.getLast()).isInstanceOf(RunEvent.Failed.class);
    }

    @Test
    void historyIsSentBeforeTheNewMessage() {
        ScriptedModel model = new ScriptedModel(List.of(
                r -> new ModelReply(AiMessage.from("ok"), Usage.of(1, 1), FinishReason.STOP, "scripted")));
        AgentDefinition agent = agent("scripted");
        List<ChatMessage> history = List.of(UserMessage.from("first"), AiMessage.from("reply"));
        loop(model).run(new RunInput(RunId.generate(), agent, "second", history, null, "alice", "s1", false),
                events::add, new Cancellation());

        assertThat(model.requests.getFirst().messages()).hasSize(4);
        assertThat(((UserMessage) model.requests.getFirst().messages().get(1)).singleText()).isEqualTo("first");
        assertThat(((UserMessage) model.requests.getFirst().messages().get(3)).singleText()).isEqualTo("second");
    }

    @Test
    void onlyTheAgentsHistoryWindowIsSentAndTheSystemPromptAlways() {
        ScriptedModel model = new ScriptedModel(List.of(
                r -> new ModelReply(AiMessage.from("ok"), Usage.of(1, 1), FinishReason.STOP, "scripted")));
        AgentDefinition base = agent("scripted");
        AgentDefinition windowed = base.withHistory(new HistoryWindow(2, null));
        List<ChatMessage> history = List.of(UserMessage.from("first"), AiMessage.from("reply one"),
                UserMessage.from("second"), AiMessage.from("reply two"));

        RunResult result = loop(model).run(new RunInput(RunId.generate(), windowed, "third", history, null, "alice", "s1",
                false), events::add, new Cancellation());

        List<ChatMessage> sent = model.requests.getFirst().messages();
        assertThat(sent).hasSize(4);
        assertThat(sent.getFirst()).isInstanceOf(dev.langchain4j.data.message.SystemMessage.class);
        assertThat(((UserMessage) sent.get(1)).singleText()).isEqualTo("second");
        assertThat(((UserMessage) sent.get(3)).singleText()).isEqualTo("third");
        // what the session gains is this run's exchange, whatever was trimmed from what was sent
        assertThat(result.newMessages()).hasSize(2);
    }

    @Test
    void unknownPriceGivesNullCostNotZero() {
        ScriptedModel model = new ScriptedModel(List.of(
                r -> new ModelReply(AiMessage.from("ok"), Usage.of(1, 1), FinishReason.STOP, "mystery")));
        AgentLoop loop = new AgentLoop(id -> model, new ToolRegistry(List.of()), PriceBook.of(Map.of()), TIMER);

        RunResult result = loop.run(input(agent("mystery-model"), "go"), events::add, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(result.costUsd()).isNull();
        assertThat(result.calls().getFirst().costUsd()).isNull();
    }
}
