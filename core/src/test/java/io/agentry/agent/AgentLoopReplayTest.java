package io.agentry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.cost.ModelPrice;
import io.agentry.cost.PriceBook;
import io.agentry.cost.Usage;
import io.agentry.journal.AttemptJournal;
import io.agentry.journal.Fence;
import io.agentry.journal.InMemoryRunJournal;
import io.agentry.journal.JournalStep;
import io.agentry.journal.RunJournal;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelReply;
import io.agentry.model.RetriableModelException;
import io.agentry.queue.InMemoryTaskQueue;
import io.agentry.queue.Task;
import io.agentry.queue.TaskRequest;
import io.agentry.run.RunId;
import io.agentry.run.RunStatus;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A retried attempt replays its chain's journal: finished steps are neither paid for nor executed again. */
class AgentLoopReplayTest {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    /** Counts its executions; idempotent or not as told. */
    private static final class CountingTool implements Tool {
        final String name;
        final boolean idempotent;
        final AtomicInteger executions = new AtomicInteger();

        CountingTool(String name, boolean idempotent) {
            this.name = name;
            this.idempotent = idempotent;
        }

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name(name).description("counts").build();
        }

        @Override
        public boolean idempotent() {
            return idempotent;
        }

        @Override
        public String execute(ToolCall call) {
            return name + " #" + executions.incrementAndGet();
        }
    }

    /**
     * Answers by the number of model turns already in the conversation: turn 1 asks for {@code refund}, turn 2 for
     * {@code lookup}, turn 3 answers; a call in {@code failOnCalls} (counted over this model's life) fails retriably.
     */
    private static final class ConversationModel implements ModelClient {
        final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> failOnCalls = new ArrayList<>();

        @Override
        public String modelId() {
            return "scripted";
        }

        @Override
        public ModelReply chat(ChatRequest request, TokenSink tokens) {
            requests.add(request);
            if (failOnCalls.contains(requests.size())) {
                throw new RetriableModelException("scripted", 503, "scripted returned HTTP 503", null, null);
            }
            long turns = request.messages().stream().filter(m -> m instanceof AiMessage).count();
            return switch ((int) turns) {
                case 0 -> tool("refund", "c1", 100);
                case 1 -> tool("lookup", "c2", 200);
                default -> new ModelReply(AiMessage.from("refunded and looked up"), Usage.of(300, 7), FinishReason.STOP,
                        "scripted-1");
            };
        }

        private static ModelReply tool(String name, String id, long input) {
            return new ModelReply(AiMessage.from(List.of(ToolExecutionRequest.builder().id(id).name(name)
                    .arguments("{\"order\":7}").build())), Usage.of(input, 5), FinishReason.TOOL_EXECUTION, "scripted-1");
        }
    }

    private final CountingTool refund = new CountingTool("refund", false);
    private final CountingTool lookup = new CountingTool("lookup", true);
    private final ConversationModel model = new ConversationModel();
    private final InMemoryTaskQueue queue = new InMemoryTaskQueue();
    private final InMemoryRunJournal store = new InMemoryRunJournal(queue);
    private final String chain = UUID.randomUUID().toString();
    private final AgentDefinition agent = AgentDefinition.of("test", "scripted", "You are helpful.", List.of("refund", "lookup"));

    private AgentLoop loop() {
        return new AgentLoop(id -> model, new ToolRegistry(List.of(refund, lookup)), PriceBook.defaults()
                .withOverrides(Map.of("scripted", ModelPrice.of("1", "2", "0.1", "1.25"))), TIMER);
    }

    private RunResult attempt(Fence fence) {
        RunId runId = RunId.generate();
        AttemptJournal journal = AttemptJournal.of(store, chain, "alice", fence, runId.value(), Clock.systemUTC());
        RunResult result = loop().run(new RunInput(runId, agent, "refund order 7", List.of(), agent.budget(), "alice", null,
                false), e -> { }, new Cancellation(), journal);
        assertThat(journal.flush()).isTrue();
        return result;
    }

    @Test
    void aRetriedAttemptMakesOnlyTheCallsThatDidNotFinishAndExecutesNoFinishedToolAgain() {
        model.failOnCalls.add(3);
        RunResult first = attempt(Fence.NONE);
        assertThat(first.status()).isEqualTo(RunStatus.FAILED);
        assertThat(first.retriable()).isTrue();
        assertThat(model.requests).hasSize(3);

        RunResult second = attempt(Fence.NONE);

        assertThat(second.success()).as(second.error()).isTrue();
        assertThat(second.content()).isEqualTo("refunded and looked up");
        assertThat(model.requests).as("one more call: the one that failed").hasSize(4);
        assertThat(refund.executions).hasValue(1);
        assertThat(lookup.executions).hasValue(1);
        // charged for its own call only; the two replayed ones are what the resume saved
        assertThat(second.usage()).isEqualTo(Usage.of(300, 7));
        assertThat(second.calls()).hasSize(1);
        assertThat(second.replayed().modelCalls()).isEqualTo(2);
        assertThat(second.replayed().toolCalls()).isEqualTo(2);
        assertThat(second.replayed().usage()).isEqualTo(Usage.of(300, 10));
        assertThat(second.replayed().costUsd()).isPositive();
        assertThat(first.usage().plus(second.usage())).isEqualTo(Usage.of(600, 17));
        assertThat(second.iterations()).isEqualTo(3);
        assertThat(second.toolCallsMade()).containsExactly("refund", "lookup");
        // the conversation the last call saw is the one the first attempt built
        List<ChatMessage> prompt = model.requests.getLast().messages();
        assertThat(prompt.stream().filter(m -> m instanceof ToolExecutionResultMessage).map(m -> ((ToolExecutionResultMessage) m).text()))
                .containsExactly("refund #1", "lookup #1");
        assertThat(second.newMessages()).hasSize(6);
        // and a third attempt (the answer was journalled with the second) asks nothing at all
        RunResult third = attempt(Fence.NONE);
        assertThat(third.content()).isEqualTo("refunded and looked up");
        assertThat(model.requests).hasSize(4);
        assertThat(third.usage()).isEqualTo(Usage.ZERO);
    }

    @Test
    void aToolStartedButNeverFinishedRunsAgainOnlyIfIdempotentElseTheModelIsToldItsOutcomeIsUnknown() {
        Instant at = Instant.now();
        AiMessage both = AiMessage.from(List.of(
                ToolExecutionRequest.builder().id("a").name("refund").arguments("{}").build(),
                ToolExecutionRequest.builder().id("b").name("lookup").arguments("{}").build()));
        // what a worker killed while both calls ran leaves behind
        store.append(chain, "alice", Fence.NONE, List.of(
                new JournalStep.ModelCall(1, "dead", both, Usage.of(100, 5), null, "scripted-1", "tool_execution", 5, at),
                new JournalStep.ToolStarted(1, 1, "dead", "a", "refund", "{}", at),
                new JournalStep.ToolStarted(1, 2, "dead", "b", "lookup", "{}", at)));

        RunResult result = attempt(Fence.NONE);

        assertThat(refund.executions).as("not idempotent: not called again").hasValue(0);
        // the first call this attempt makes sees the unknown outcome, and the idempotent call executed again
        List<ChatMessage> prompt = model.requests.getFirst().messages();
        assertThat(prompt.stream().filter(m -> m instanceof ToolExecutionResultMessage).map(m -> ((ToolExecutionResultMessage) m).text()))
                .containsExactly("Error: " + ToolTurn.UNKNOWN_OUTCOME, "lookup #1");
        assertThat(result.toolErrors()).isEqualTo(1);
        // later attempts agree: the unknown outcome is journalled as the call's result
        JournalStep.ToolFinished unknown = (JournalStep.ToolFinished) store.steps(chain).stream()
                .filter(s -> s.key().equals(new JournalStep.Key(1, 1, JournalStep.Kind.TOOL_FINISHED))).findFirst().orElseThrow();
        assertThat(unknown.error()).isEqualTo(ToolTurn.UNKNOWN_OUTCOME);
    }

    @Test
    void anAttemptWhoseLeaseIsGoneStopsBeforeItsToolRunsAndWritesNothing() {
        queue.enqueue(chain, TaskRequest.builder("alice", "refund order 7").build(), null, null, 2, Instant.now());
        Task claimed = queue.claim("w1", 1, Duration.ofSeconds(30), Instant.now()).getFirst();
        Fence stale = new Fence(claimed.taskId(), claimed.lease().token());
        // another worker took the task over before this attempt's first write
        queue.recoverExpired(Instant.now().plusSeconds(60));
        queue.claim("w2", 1, Duration.ofSeconds(30), Instant.now().plusSeconds(61));

        RunResult result = attempt(stale);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).isEqualTo(AgentLoop.FENCED_OUT_ERROR);
        assertThat(refund.executions).hasValue(0);
        assertThat(store.steps(chain)).isEmpty();
    }

    @Test
    void theFinalAnswerAndIdempotentResultsAreHeldUntilTheNextWriteOrTheFlushWithTheRunRecord() {
        AtomicInteger appends = new AtomicInteger();
        RunJournal counting = new RunJournal() {
            @Override
            public boolean append(String journalId, String userId, Fence fence, List<JournalStep> steps) {
                appends.incrementAndGet();
                return store.append(journalId, userId, fence, steps);
            }

            @Override
            public List<JournalStep> steps(String journalId) {
                return store.steps(journalId);
            }

            @Override
            public int deleteUser(String userId) {
                return store.deleteUser(userId);
            }

            @Override
            public int deleteWrittenBefore(Instant cutoff) {
                return store.deleteWrittenBefore(cutoff);
            }
        };
        RunId runId = RunId.generate();
        AttemptJournal journal = AttemptJournal.of(counting, chain, "alice", Fence.NONE, runId.value(), Clock.systemUTC());
        loop().run(new RunInput(runId, agent, "refund order 7", List.of(), agent.budget(), "alice", null, false), e -> { },
                new Cancellation(), journal);

        // turn 1 and its refund (started, finished), turn 2; the lookup's result and the answer are held
        assertThat(store.steps(chain)).extracting(JournalStep::key).containsExactly(
                new JournalStep.Key(1, 0, JournalStep.Kind.MODEL_CALL), new JournalStep.Key(1, 1, JournalStep.Kind.TOOL_STARTED),
                new JournalStep.Key(1, 1, JournalStep.Kind.TOOL_FINISHED), new JournalStep.Key(2, 0, JournalStep.Kind.MODEL_CALL));
        assertThat(journal.flush()).isTrue();
        assertThat(store.steps(chain)).hasSize(6);
        assertThat(((JournalStep.ModelCall) store.steps(chain).getLast()).isFinalAnswer()).isTrue();
        assertThat(appends).as("one write per step would be 7").hasValue(5);
    }
}
