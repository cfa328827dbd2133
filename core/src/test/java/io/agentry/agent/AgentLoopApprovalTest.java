package io.agentry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.approval.ApprovalPolicy;
import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.approval.PendingCall;
import io.agentry.cost.PriceBook;
import io.agentry.cost.Usage;
import io.agentry.journal.AttemptJournal;
import io.agentry.journal.Fence;
import io.agentry.journal.InMemoryRunJournal;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelReply;
import io.agentry.queue.InMemoryTaskQueue;
import io.agentry.run.RunEvent;
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
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Tools that need approval stop the run before they execute; a resumed attempt follows the decisions, and replays
 * from the journal what the interrupted attempts finished.
 */
class AgentLoopApprovalTest {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    /** Records the arguments of each execution. */
    private static final class RecordingTool implements Tool {
        final String name;
        final List<String> executions = Collections.synchronizedList(new ArrayList<>());

        RecordingTool(String name) {
            this.name = name;
        }

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name(name).description("records").build();
        }

        @Override
        public String execute(ToolCall call) {
            executions.add(call.arguments());
            return name + " done " + call.arguments();
        }
    }

    /** Turn 1 asks for {@code firstTurn}, turn 2 for {@code lookup}, turn 3 answers. */
    private static final class Model implements ModelClient {
        final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
        List<ToolExecutionRequest> firstTurn = List.of(call("c1", "refund"));

        @Override
        public String modelId() {
            return "scripted";
        }

        @Override
        public ModelReply chat(ChatRequest request, TokenSink tokens) {
            requests.add(request);
            long turns = request.messages().stream().filter(m -> m instanceof AiMessage).count();
            AiMessage answer = switch ((int) turns) {
                case 0 -> AiMessage.from(firstTurn);
                case 1 -> AiMessage.from(List.of(call("c2", "lookup")));
                default -> AiMessage.from("done");
            };
            return new ModelReply(answer, Usage.of(100, 5),
                    answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP, "scripted-1");
        }

        static ToolExecutionRequest call(String id, String tool) {
            return ToolExecutionRequest.builder().id(id).name(tool).arguments("{\"order\":7}").build();
        }
    }

    private final RecordingTool refund = new RecordingTool("refund");
    private final RecordingTool lookup = new RecordingTool("lookup");
    private final RecordingTool note = new RecordingTool("note");
    private final Model model = new Model();
    private final InMemoryRunJournal store = new InMemoryRunJournal(new InMemoryTaskQueue());
    private final String chain = UUID.randomUUID().toString();
    private final Instant deadline = Instant.parse("2026-12-07T12:00:00Z");
    private final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
    private AgentDefinition agent = AgentDefinition.of("test", "scripted", "You are helpful.",
                    List.of("refund", "lookup", "note"))
            .withApproval(new ApprovalPolicy(List.of("refund"), Duration.ofMinutes(5), ApprovalPolicy.OnTimeout.REJECT));

    private RunResult attempt(Interruption resumed) {
        RunId runId = RunId.generate();
        AttemptJournal journal = AttemptJournal.of(store, chain, "alice", Fence.NONE, runId.value(), Clock.systemUTC());
        AgentLoop loop = new AgentLoop(id -> model, new ToolRegistry(List.of(refund, lookup, note)), PriceBook.defaults(),
                TIMER);
        RunResult result = loop.run(new RunInput(runId, agent, "refund order 7", List.of(), agent.budget(), "alice", null,
                false, resumed), events::add, new Cancellation(), journal);
        assertThat(journal.flush()).isTrue();
        return result;
    }

    private Interruption decided(RunResult interrupted, Decision... decisions) {
        return new Interruption(interrupted.iterations(), interrupted.pendingCalls(), deadline, List.of(decisions));
    }

    private List<String> toolResultsSeenLast() {
        List<ChatMessage> prompt = model.requests.getLast().messages();
        return prompt.stream().filter(m -> m instanceof ToolExecutionResultMessage)
                .map(m -> ((ToolExecutionResultMessage) m).text()).toList();
    }

    @Test
    void aCallThatNeedsApprovalStopsTheRunBeforeItRunsAndAnApprovalRunsItOnce() {
        RunResult interrupted = attempt(null);

        assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(interrupted.success()).isFalse();
        assertThat(interrupted.pendingCalls()).containsExactly(new PendingCall("c1", "refund", "{\"order\":7}"));
        assertThat(interrupted.iterations()).isEqualTo(1);
        assertThat(refund.executions).isEmpty();
        assertThat(events.getLast()).isInstanceOf(RunEvent.Interrupted.class);

        RunResult resumed = attempt(decided(interrupted, Decision.approve("c1")));

        assertThat(resumed.status()).as(resumed.error()).isEqualTo(RunStatus.COMPLETED);
        assertThat(resumed.content()).isEqualTo("done");
        assertThat(refund.executions).containsExactly("{\"order\":7}");
        assertThat(model.requests).as("the interrupted call is replayed, not sent again").hasSize(3);
        assertThat(resumed.replayed().modelCalls()).isEqualTo(1);
        assertThat(resumed.usage()).as("charged for its own calls only").isEqualTo(Usage.of(200, 10));
    }

    @Test
    void aRejectedCallIsNotRunAndTheModelIsToldWhy() {
        RunResult interrupted = attempt(null);

        RunResult resumed = attempt(decided(interrupted, Decision.reject("c1", "refunds over $5 need a manager")));

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(refund.executions).isEmpty();
        assertThat(toolResultsSeenLast()).first()
                .isEqualTo("Error: the call was not approved: refunds over $5 need a manager");
        assertThat(events).filteredOn(e -> e instanceof RunEvent.ToolFinished f && f.callId().equals("c1")).hasSize(1);
    }

    @Test
    void anApprovalWithEditedArgumentsRunsThemAndTheConversationShowsThem() {
        RunResult interrupted = attempt(null);

        RunResult resumed = attempt(decided(interrupted, Decision.approveWith("c1", "{\"order\":8}")));

        assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(refund.executions).containsExactly("{\"order\":8}");
        AiMessage asRun = (AiMessage) model.requests.getLast().messages().stream()
                .filter(m -> m instanceof AiMessage a && a.hasToolExecutionRequests()).findFirst().orElseThrow();
        assertThat(asRun.toolExecutionRequests().getFirst().arguments()).isEqualTo("{\"order\":8}");
        assertThat(toolResultsSeenLast()).first().isEqualTo("refund done {\"order\":8}");
    }

    @Test
    void aTurnWithSeveralCallsWaitsWholeAndRunsWholeOnResume() {
        agent = agent.withApproval(new ApprovalPolicy(List.of("refund", "lookup"), null, null));
        model.firstTurn = List.of(Model.call("c1", "refund"), Model.call("n1", "note"), Model.call("c3", "lookup"));

        RunResult interrupted = attempt(null);

        assertThat(interrupted.pendingCalls()).extracting(PendingCall::callId).containsExactly("c1", "c3");
        assertThat(note.executions).as("nothing of the turn runs before the decisions").isEmpty();

        RunResult second = attempt(decided(interrupted, Decision.approve("c1"), Decision.reject("c3", "not now")));

        assertThat(second.status()).as("turn 2 asks for lookup again, which waits").isEqualTo(RunStatus.INTERRUPTED);
        assertThat(second.iterations()).isEqualTo(2);
        assertThat(second.pendingCalls()).extracting(PendingCall::callId).containsExactly("c2");
        assertThat(refund.executions).hasSize(1);
        assertThat(note.executions).hasSize(1);
        assertThat(lookup.executions).isEmpty();

        RunResult third = attempt(decided(second, Decision.approve("c2")));

        assertThat(third.status()).as("turn 1's calls are journalled: they pass without a decision of their own")
                .isEqualTo(RunStatus.COMPLETED);
        assertThat(refund.executions).hasSize(1);
        assertThat(note.executions).hasSize(1);
        assertThat(lookup.executions).hasSize(1);
        assertThat(model.requests).hasSize(3);
    }

    @Test
    void anAgentWithoutApprovalsNeverStops() {
        agent = agent.withApproval(ApprovalPolicy.NONE);

        RunResult result = attempt(null);

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.pendingCalls()).isEmpty();
        assertThat(refund.executions).hasSize(1);
    }
}
