package io.agentry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.cost.PriceBook;
import io.agentry.cost.Usage;
import io.agentry.model.LangChainModelClient;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelReply;
import io.agentry.model.OfflineChatModel;
import io.agentry.model.OfflineModelOptions;
import io.agentry.model.RetriableModelException;
import io.agentry.model.UsageMapper;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunId;
import io.agentry.run.RunStatus;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The loop tells its {@link RunObserver} about every model and tool call, and survives a broken one. */
class RunObserverTest {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();

    /** What is "current" on a thread, as a tracer would keep it. */
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    /** Records every observation; makeCurrent sets {@link #CURRENT} like a span scope would. */
    private static final class Recorder implements RunObserver {
        final List<String> modelCalls = Collections.synchronizedList(new ArrayList<>());
        final List<ModelCall> replies = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        final Map<String, String> toolErrors = new ConcurrentHashMap<>();
        final List<String> toolsKnown = Collections.synchronizedList(new ArrayList<>());

        @Override
        public ModelObservation modelCall(RunInput run, String model, int iteration, ChatRequest request) {
            modelCalls.add(model + "#" + iteration);
            return new ModelObservation() {
                @Override
                public Scope makeCurrent() {
                    return current("model#" + iteration);
                }

                @Override
                public void replied(ModelCall call) {
                    replies.add(call);
                }

                @Override
                public void failed(Throwable error) {
                    failures.add(error);
                }
            };
        }

        @Override
        public ToolObservation toolCall(RunInput run, ToolExecutionRequest request, Tool tool) {
            toolsKnown.add(request.id() + ":" + (tool != null));
            return new ToolObservation() {
                @Override
                public Scope makeCurrent() {
                    return current("tool:" + request.id());
                }

                @Override
                public void finished(String errorType) {
                    toolErrors.put(request.id(), errorType == null ? "none" : errorType);
                }
            };
        }

        private static Scope current(String name) {
            String previous = CURRENT.get();
            CURRENT.set(name);
            return () -> CURRENT.set(previous);
        }
    }

    /** Answers with what is current on its thread, so a test sees the tool ran inside its observation. */
    private static final class WhereAmITool implements Tool {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("where").description("names the current scope").build();
        }

        @Override
        public String execute(ToolCall call) {
            return String.valueOf(CURRENT.get());
        }
    }

    private static AgentLoop loop(ModelClient model, RunObserver observer) {
        return new AgentLoop(id -> model, new ToolRegistry(List.of(new CalculatorTool(), new WhereAmITool(),
                new AgentLoopTest.ExplodingTool())), PriceBook.defaults(), TIMER, observer);
    }

    private static ModelClient offline(OfflineModelOptions options) {
        OfflineChatModel model = new OfflineChatModel(options);
        return new LangChainModelClient("offline", "offline", model, model, UsageMapper.PLAIN);
    }

    private static RunInput input(String model, String message, String... tools) {
        AgentDefinition agent = AgentDefinition.of("test", model, "You are helpful.", List.of(tools));
        return new RunInput(RunId.generate(), agent, message, List.of(), agent.budget(), "alice", "s1", false);
    }

    private static ToolExecutionRequest call(String id, String tool) {
        return ToolExecutionRequest.builder().id(id).name(tool).arguments("{\"expression\":\"1/0\"}").build();
    }

    @Test
    void everyModelCallIsObservedWithWhatTheRunReports() {
        Recorder recorder = new Recorder();
        RunResult result = loop(offline(OfflineModelOptions.INSTANT), recorder)
                .run(input("offline", "what is 2+3 and 4*5?", "calculator"), RunEventListener.NONE, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(recorder.modelCalls).containsExactly("offline#1", "offline#2");
        assertThat(recorder.replies).containsExactlyElementsOf(result.calls());
        assertThat(recorder.failures).isEmpty();
        // two calculator calls in one turn, both observed and both fine
        assertThat(recorder.toolErrors).hasSize(2).allSatisfy((id, error) -> assertThat(error).isEqualTo("none"));
    }

    @Test
    void toolsRunInsideTheirObservationOnWhicheverThreadRunsThem() {
        List<ModelReply> replies = List.of(
                new ModelReply(AiMessage.from(List.of(call("a", "where"), call("b", "where"))), Usage.of(5, 5),
                        FinishReason.TOOL_EXECUTION, "scripted"),
                new ModelReply(AiMessage.from(call("c", "where")), Usage.of(5, 5), FinishReason.TOOL_EXECUTION, "scripted"),
                new ModelReply(AiMessage.from("done"), Usage.of(5, 1), FinishReason.STOP, "scripted"));
        List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
        ModelClient model = scripted(requests, replies);
        Recorder recorder = new Recorder();

        RunResult result = loop(model, recorder).run(input("scripted", "go", "where"), RunEventListener.NONE,
                new Cancellation());

        assertThat(result.success()).isTrue();
        // parallel calls (a, b) on their own threads, the single call (c) on the run's thread
        assertThat(toolResults(requests.get(1))).containsExactly("tool:a", "tool:b");
        assertThat(toolResults(requests.get(2))).containsExactly("tool:c");
        assertThat(CURRENT.get()).isNull();
    }

    @Test
    void toolFailuresAreObservedWithABoundedErrorType() {
        List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
        ModelClient model = scripted(requests, List.of(
                new ModelReply(AiMessage.from(List.of(call("u", "rm_rf"), call("x", "explode"), call("c", "calculator"))),
                        Usage.of(5, 5), FinishReason.TOOL_EXECUTION, "scripted"),
                new ModelReply(AiMessage.from("done"), Usage.of(5, 1), FinishReason.STOP, "scripted")));
        Recorder recorder = new Recorder();

        RunResult result = loop(model, recorder).run(input("scripted", "go", "explode", "calculator"),
                RunEventListener.NONE, new Cancellation());

        assertThat(result.toolErrors()).isEqualTo(3);
        assertThat(recorder.toolErrors).containsExactlyInAnyOrderEntriesOf(Map.of(
                "u", RunObserver.UNKNOWN_TOOL, "x", "IllegalStateException", "c", RunObserver.TOOL_ERROR));
        assertThat(recorder.toolsKnown).containsExactlyInAnyOrder("u:false", "x:true", "c:true");
    }

    @Test
    void aFailedModelCallIsObservedAsFailed() {
        RetriableModelException overloaded = new RetriableModelException("openai", 429, "openai returned HTTP 429",
                Duration.ofSeconds(1), null);
        ModelClient model = new ModelClient() {
            @Override
            public String modelId() {
                return "scripted";
            }

            @Override
            public ModelReply chat(ChatRequest request, TokenSink tokens) {
                throw overloaded;
            }
        };
        Recorder recorder = new Recorder();

        RunResult result = loop(model, recorder).run(input("scripted", "go"), RunEventListener.NONE, new Cancellation());

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(recorder.failures).containsExactly(overloaded);
        assertThat(recorder.replies).isEmpty();
    }

    @Test
    void aCancelledModelCallIsObservedAsInterrupted() throws Exception {
        Recorder recorder = new Recorder();
        AgentLoop loop = loop(offline(new OfflineModelOptions(30_000, 0, 0)), recorder);
        Cancellation cancellation = new Cancellation();
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread runner = Thread.ofVirtual().start(() ->
                result.set(loop.run(input("offline", "hello"), RunEventListener.NONE, cancellation)));
        Awaitility.await().until(() -> !recorder.modelCalls.isEmpty());
        cancellation.cancel();
        runner.join(Duration.ofSeconds(10));

        assertThat(result.get().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(recorder.failures).singleElement().isInstanceOf(InterruptedException.class);
    }

    @Test
    void anObserverThatThrowsNeverFailsTheRun() {
        RunObserver broken = new RunObserver() {
            @Override
            public ModelObservation modelCall(RunInput run, String model, int iteration, ChatRequest request) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public ToolObservation toolCall(RunInput run, ToolExecutionRequest request, Tool tool) {
                return errorType -> {
                    throw new IllegalStateException("tracer down");
                };
            }
        };
        RunResult result = loop(offline(OfflineModelOptions.INSTANT), broken)
                .run(input("offline", "what is 17*23?", "calculator"), RunEventListener.NONE, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(result.content()).contains("391");
    }

    @Test
    void anObserverWhoseScopeFailsToCloseNeverFailsTheRun() {
        RunObserver.Scope failingScope = () -> {
            throw new IllegalStateException("context storage broken");
        };
        RunObserver broken = new RunObserver() {
            @Override
            public ModelObservation modelCall(RunInput run, String model, int iteration, ChatRequest request) {
                return new ModelObservation() {
                    @Override
                    public Scope makeCurrent() {
                        return failingScope;
                    }

                    @Override
                    public void replied(ModelCall call) {
                    }

                    @Override
                    public void failed(Throwable error) {
                    }
                };
            }

            @Override
            public ToolObservation toolCall(RunInput run, ToolExecutionRequest request, Tool tool) {
                return new ToolObservation() {
                    @Override
                    public Scope makeCurrent() {
                        return failingScope;
                    }

                    @Override
                    public void finished(String errorType) {
                    }
                };
            }
        };
        RunResult result = loop(offline(OfflineModelOptions.INSTANT), broken)
                .run(input("offline", "what is 17*23?", "calculator"), RunEventListener.NONE, new Cancellation());

        assertThat(result.success()).isTrue();
        assertThat(result.content()).contains("391");
    }

    /** A model answering with these replies in order; the requests it gets are added to {@code requests}. */
    private static ModelClient scripted(List<ChatRequest> requests, List<ModelReply> replies) {
        return new AgentLoopTest.ScriptedModel(replies.stream()
                .<java.util.function.Function<ChatRequest, ModelReply>>map(reply -> request -> {
                    requests.add(request);
                    return reply;
                }).toList());
    }

    /** The tool results the request ends with (those of the turn just before it). */
    private static List<String> toolResults(ChatRequest request) {
        List<String> results = new ArrayList<>();
        for (ChatMessage message : request.messages().reversed()) {
            if (!(message instanceof ToolExecutionResultMessage result)) {
                break;
            }
            results.addFirst(result.text());
        }
        return results;
    }
}
