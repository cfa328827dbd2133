package io.agentry.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.approval.ApprovalGate;
import io.agentry.approval.PendingCall;
import io.agentry.cost.PriceBook;
import io.agentry.journal.AttemptJournal;
import io.agentry.journal.FencedOutException;
import io.agentry.journal.JournalReplay;
import io.agentry.journal.JournalStep;
import io.agentry.model.CallSettings;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelException;
import io.agentry.model.ModelReply;
import io.agentry.model.ModelResolver;
import io.agentry.model.RetriableModelException;
import io.agentry.model.TokenCounter;
import io.agentry.run.RunEvent;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunStatus;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reasoning loop: one model call per iteration; the tool calls the model asks for are executed
 * (several in one turn run in parallel) and their results fed back; the loop ends on a final answer,
 * {@code max_iterations}, the budget, the time limit, cancellation, or an error.
 *
 * <p>Budget contract: before each call, the call's worst case (the prompt's tokens as counted by
 * {@link TokenCounter}, all billed at the highest prompt rate, plus {@code max_tokens} of output) must
 * fit in what remains of the token and USD budgets, and {@code max_tokens} is lowered to what remains;
 * if not even one output token fits, the run stops with "Token budget of N exceeded" (or "Cost budget of
 * $X exceeded") before calling. So a run never spends past its caps, as long as the provider's count of
 * the prompt does not exceed ours (exact for OpenAI models and the offline model).
 *
 * <p>Thread-safe and stateless between runs; {@link #run} blocks the calling thread for the whole run.
 */
public final class AgentLoop {

    static final String BUDGET_CONTENT = "I was unable to complete this task within the token budget.";
    static final String ITERATIONS_CONTENT = "I was unable to complete this task within the iteration limit.";
    static final String TIME_LIMIT_ERROR = "Time limit exceeded";
    public static final String FENCED_OUT_ERROR = "Lease lost: another attempt of the task took over";

    private static final Logger log = LoggerFactory.getLogger(AgentLoop.class);

    private final ModelResolver models;
    private final ToolRegistry tools;
    private final PriceBook prices;
    private final ToolRunner toolRunner;
    private final ScheduledExecutorService timer;
    private final RunObserver observer;

    /** A loop whose model and tool calls nobody observes. */
    public AgentLoop(ModelResolver models, ToolRegistry tools, PriceBook prices, ScheduledExecutorService timer) {
        this(models, tools, prices, timer, RunObserver.NONE);
    }

    /**
     * @param timer    schedules soft time limits; its tasks only flip a flag and interrupt, so one shared
     *                 single-threaded scheduler serves every run
     * @param observer told about every model and tool call (traces, metrics); its failures never fail a run
     */
    public AgentLoop(ModelResolver models, ToolRegistry tools, PriceBook prices, ScheduledExecutorService timer,
                     RunObserver observer) {
        this.models = models;
        this.tools = tools;
        this.prices = prices;
        this.observer = new GuardedObserver(observer);
        this.toolRunner = new ToolRunner(this.observer);
        this.timer = timer;
    }

    /** Runs without a journal: nothing to replay, nothing written. */
    public RunResult run(RunInput input, RunEventListener listener, Cancellation cancellation) {
        return run(input, listener, cancellation, AttemptJournal.NONE);
    }

    /**
     * Runs one attempt with its journal: the steps earlier attempts of the chain finished are replayed (a journalled
     * model reply is not asked for again, a journalled tool result not executed again, see {@link ToolTurn} for the
     * rule on calls that were started), and each step this attempt finishes is written before the loop moves on. An
     * attempt whose journal write is refused by its fence ends at once with {@link #FENCED_OUT_ERROR}.
     */
    public RunResult run(RunInput input, RunEventListener listener, Cancellation cancellation, AttemptJournal journal) {
        return new Run(input, new SerializedListener(listener), cancellation, journal).execute();
    }

    /** The state of one run; lives on the run's thread. */
    private final class Run {

        private final RunInput input;
        private final AgentDefinition agent;
        private final SerializedListener events;
        private final Cancellation cancellation;
        private final AttemptJournal journal;
        private final List<ChatMessage> messages = new ArrayList<>();
        private final List<ChatMessage> newMessages = new ArrayList<>();
        private final List<String> toolCallsMade = new ArrayList<>();
        private final List<ModelCall> calls = new ArrayList<>();
        private Spending spent = new Spending(null);
        private int iterations;
        private int toolErrors;
        private String model;
        private List<PendingCall> pendingCalls = List.of();

        Run(RunInput input, SerializedListener events, Cancellation cancellation, AttemptJournal journal) {
            this.input = input;
            this.agent = input.agent();
            this.events = events;
            this.cancellation = cancellation;
            this.journal = journal;
            this.model = agent.model();
        }

        RunResult execute() {
            Thread runThread = Thread.currentThread();
            // the stop may come from another thread at any moment, even while the run ends: the interrupt is
            // delivered only while the run is active, decided under this lock, so it cannot outlive the run
            ReentrantLock interruptLock = new ReentrantLock();
            boolean[] active = {true};
            Runnable unregister = cancellation.onStop(() -> {
                interruptLock.lock();
                try {
                    if (active[0]) {
                        runThread.interrupt();
                    }
                } finally {
                    interruptLock.unlock();
                }
            });
            ScheduledFuture<?> deadline = agent.timeLimit() == null ? null : timer.schedule(
                    () -> cancellation.stop(Cancellation.Reason.TIME_LIMIT),
                    agent.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
            RunResult result;
            try {
                events.onEvent(new RunEvent.Started(input.runId().value(), agent.name(), agent.model()));
                result = loop();
            } catch (InterruptedException e) {
                result = stopped();
            } catch (FencedOutException e) {
                log.warn("run {} stopped: {}", input.runId(), e.getMessage());
                result = failed(FENCED_OUT_ERROR, false, null);
            } catch (RetriableModelException e) {
                result = failed(e.getMessage(), true, null).withRetryAfter(e.retryAfter());
            } catch (ModelException e) {
                result = failed(e.getMessage(), false, null);
            } catch (RuntimeException e) {
                if (cancellation.isStopped()) {
                    result = stopped();
                } else {
                    log.error("run {} failed unexpectedly", input.runId(), e);
                    result = failed("Internal agent error", false, null);
                }
            } finally {
                unregister.run();
                if (deadline != null) {
                    deadline.cancel(false);
                }
                interruptLock.lock();
                try {
                    active[0] = false;
                    // an interrupt meant for this run must not leak into whatever the thread does next
                    Thread.interrupted();
                } finally {
                    interruptLock.unlock();
                }
            }
            events.onEvent(switch (result.status()) {
                case COMPLETED -> new RunEvent.Completed(result);
                case CANCELLED -> new RunEvent.Cancelled(result);
                case INTERRUPTED -> new RunEvent.Interrupted(result);
                default -> new RunEvent.Failed(result);
            });
            return result;
        }

        private RunResult loop() throws InterruptedException {
            ModelClient client = models.resolve(agent.model(), new CallSettings(agent.name(), agent.promptCaching()));
            spent = new Spending(prices.priceFor(agent.model()).orElse(null));
            // resolved per run: the tools of an MCP server are those it offers when the run starts
            List<Tool> agentTools = tools.select(agent.toolSelection());
            List<ToolSpecification> specs = agentTools.stream().map(Tool::specification).toList();
            ApprovalGate gate = Approvals.gate(agent, tools, agentTools, input.resumed());
            TokenCounter counter = TokenCounter.forModel(agent.model());
            messages.addAll(agent.firstPrompt(input.history(), input.message(), counter));
            newMessages.add(messages.getLast());

            Budget budget = input.budget();
            // counted once, then kept up to date as messages are added (countRequest is a plain sum)
            int promptTokens = counter.countRequest(messages, specs);
            JournalReplay replay = journal.replay();
            while (iterations < agent.maxIterations()) {
                checkStopped();
                JournalStep.ModelCall journalled = replay.modelCall(iterations + 1);
                Spending.Allowance allowance = Spending.Allowance.REPLAYED;
                ModelReply reply;
                if (journalled != null) {
                    iterations++;
                    reply = replay(journalled);
                } else {
                    allowance = spent.allowance(budget, promptTokens, agent.maxOutputTokens(), agent.model());
                    if (allowance.refusal() != null) {
                        return failed(allowance.refusal(), false, allowance.budgetContent() ? BUDGET_CONTENT : null);
                    }
                    iterations++;
                    reply = call(client, specs, allowance.maxOutput());
                }

                AiMessage answer = reply.message();
                messages.add(answer);
                promptTokens += counter.countMessage(answer);
                newMessages.add(answer);
                if (!input.stream() && journalled == null && answer.text() != null && !answer.text().isEmpty()) {
                    events.onEvent(new RunEvent.Token(answer.text()));
                }
                if (answer.hasToolExecutionRequests()) {
                    Approvals.Turn turn = Approvals.review(gate, iterations, answer.toolExecutionRequests(), replay);
                    if (!turn.waiting().isEmpty()) {
                        return interrupted(turn.waiting());
                    }
                    if (turn.edited()) {
                        // the conversation shows the calls as they ran, so the model reads each result against its call
                        AiMessage asRun = answer.toBuilder().toolExecutionRequests(turn.requests()).build();
                        messages.set(messages.size() - 1, asRun);
                        newMessages.set(newMessages.size() - 1, asRun);
                    }
                    List<ToolExecutionResultMessage> results = executeTools(turn.requests(), turn.rejected(), agentTools);
                    messages.addAll(results);
                    for (ToolExecutionResultMessage result : results) {
                        promptTokens += counter.countMessage(result);
                    }
                    newMessages.addAll(results);
                    continue;
                }
                if (reply.finishReason() == FinishReason.LENGTH && allowance.lowered()) {
                    return failed((budget.maxCostUsd() != null && allowance.remaining() > allowance.maxOutput()
                            ? "Cost budget of $" + budget.maxCostUsd().stripTrailingZeros().toPlainString()
                            : "Token budget of " + budget.maxTokens()) + " exceeded", false, BUDGET_CONTENT);
                }
                return result(RunStatus.COMPLETED, true, answer.text() == null ? "" : answer.text(), null, false);
            }
            return failed("Max iterations (" + agent.maxIterations() + ") reached", false, ITERATIONS_CONTENT);
        }

        /** Calls the model for iteration {@link #iterations}, accounts the reply and journals it before returning it. */
        private ModelReply call(ModelClient client, List<ToolSpecification> specs, long maxOutput)
                throws InterruptedException {
            ChatRequest request = ChatRequest.builder()
                    .messages(messages)
                    .temperature(agent.temperature())
                    .maxOutputTokens((int) maxOutput)
                    .toolSpecifications(specs.isEmpty() ? null : specs)
                    .build();
            RunObserver.ModelObservation observation = observer.modelCall(input, agent.model(), iterations, request);
            long started = System.nanoTime();
            ModelReply reply;
            try (RunObserver.Scope ignored = observation.makeCurrent()) {
                reply = client.chat(request, input.stream() ? text -> events.onEvent(new RunEvent.Token(text)) : null);
            } catch (InterruptedException | RuntimeException e) {
                observation.failed(e);
                throw e;
            }
            ModelCall call = account(reply, (System.nanoTime() - started) / 1_000_000);
            observation.replied(call);
            // journalled before anything acts on it: a retried attempt gets this reply without asking again
            journal.write(new JournalStep.ModelCall(iterations, input.runId().value(), reply.message(), reply.usage(),
                    call.costUsd(), call.model(), call.finishReason(), call.latencyMs(), journal.now()));
            checkStopped();
            return reply;
        }

        /** A reply an earlier attempt journalled: counted against the budgets, not charged again, not reported again. */
        private ModelReply replay(JournalStep.ModelCall journalled) {
            if (journalled.model() != null && !journalled.model().isBlank()) {
                model = journalled.model();
            }
            spent.replayedCall(journalled.usage());
            FinishReason finish = journalled.finishReason() == null ? null
                    : FinishReason.valueOf(journalled.finishReason().toUpperCase(Locale.ROOT));
            return new ModelReply(journalled.reply(), journalled.usage(), finish, journalled.model());
        }

        private ModelCall account(ModelReply reply, long latencyMs) {
            if (reply.model() != null && !reply.model().isBlank()) {
                model = reply.model();
            }
            BigDecimal callCost = spent.paid(reply.usage());
            ModelCall call = ModelCall.of(iterations, model, reply, callCost, latencyMs);
            calls.add(call);
            events.onEvent(new RunEvent.UsageReport(iterations, model, reply.usage(), spent.used(), spent.cost()));
            return call;
        }

        private List<ToolExecutionResultMessage> executeTools(List<ToolExecutionRequest> requests,
                                                              Map<String, String> rejected, List<Tool> agentTools)
                throws InterruptedException {
            for (ToolExecutionRequest request : requests) {
                toolCallsMade.add(request.name());
            }
            ToolTurn.Outcome outcome = ToolTurn.run(iterations, requests, rejected, agentTools, input, events, journal,
                    toolRunner);
            toolErrors += outcome.errors();
            spent.replayedTools(outcome.replayed());
            return outcome.results();
        }

        private void checkStopped() throws InterruptedException {
            if (cancellation.isStopped() || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
        }

        private RunResult stopped() {
            return cancellation.reason() == Cancellation.Reason.TIME_LIMIT ? failed(TIME_LIMIT_ERROR, false, null)
                    : result(RunStatus.CANCELLED, false, "", "Run cancelled", false);
        }

        /** Stops before the turn's tool calls: {@code waiting} need a person's decision first. */
        private RunResult interrupted(List<PendingCall> waiting) {
            pendingCalls = waiting;
            return result(RunStatus.INTERRUPTED, false, "", Approvals.WAITING_ERROR, false);
        }

        private RunResult failed(String error, boolean retriable, String content) {
            return result(RunStatus.FAILED, false, content == null ? "" : content, error, retriable);
        }

        private RunResult result(RunStatus status, boolean success, String content, String error, boolean retriable) {
            return new RunResult(input.runId().value(), status, success, content, error, retriable, null, model, iterations,
                    toolCallsMade, toolErrors, calls, spent.charged(), spent.chargedCost(), spent.cacheSavings(), newMessages,
                    spent.replayed(), pendingCalls);
        }
    }
}
