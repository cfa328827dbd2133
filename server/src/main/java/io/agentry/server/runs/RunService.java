package io.agentry.server.runs;

import dev.langchain4j.data.message.ChatMessage;
import io.agentry.agent.AgentDefinition;
import io.agentry.agent.AgentLoop;
import io.agentry.agent.Budget;
import io.agentry.agent.Cancellation;
import io.agentry.agent.RunInput;
import io.agentry.agent.RunResult;
import io.agentry.approval.Interruption;
import io.agentry.cost.Usage;
import io.agentry.journal.AttemptJournal;
import io.agentry.journal.RunJournal;
import io.agentry.model.TokenCounter;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunStatus;
import io.agentry.server.agents.AgentCatalog;
import io.agentry.server.agents.UnknownAgentException;
import io.agentry.server.guardrails.RateLimits;
import io.agentry.server.guardrails.SpendBudgets;
import io.agentry.server.observability.RunTelemetry;
import io.agentry.store.RunRecord;
import io.agentry.store.RunStore;
import io.agentry.store.SessionStore;
import io.agentry.util.Ids;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Runs an agent once for any entry point: resolves the agent and budget, loads the session's history,
 * runs the loop on the calling thread, then records the run and extends the session in one transaction.
 *
 * <p>Session contract: only a run that completed with an answer adds to its session (the user's message,
 * the tool turns and the answer); a failed or cancelled run leaves the session as it was, so the next
 * message never follows a half-finished exchange. Every run, whatever its outcome, is recorded; a turn is
 * never kept without its run record.
 *
 * <p>Money contract: before anything else, the run's worst case is reserved in the user's (and key's)
 * spend budgets, or {@link io.agentry.server.guardrails.SpendBudgetExceededException} is thrown and nothing
 * runs; when the run ends, however it ends (failed, cancelled, or an exception), the reservation is
 * settled to the run's real cost. Its tokens are then counted against the user's tokens-per-minute limit.
 * Every entry point (sync, stream, task worker) gets both by calling {@link #run}.
 */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    static final List<String> MDC_KEYS = List.of("run_id", "session_id", "user_id", "agent");
    /** At most this many runs' records share a commit (see {@link GroupCommit}): a bound on one transaction's size. */
    private static final int RECORDS_PER_COMMIT = 64;

    private final AgentCatalog agents;
    private final AgentLoop loop;
    private final SessionStore sessions;
    private final RunStore runs;
    private final Clock clock;
    private final SpendBudgets budgets;
    private final RateLimits rateLimits;
    private final RunTelemetry telemetry;
    private final GroupCommit records;
    private final RunsProperties properties;
    private final RunJournal journal;
    private final RunContinuations continuations;

    public RunService(AgentCatalog agents, AgentLoop loop, SessionStore sessions, RunStore runs, Clock clock,
                      SpendBudgets budgets, RateLimits rateLimits, RunTelemetry telemetry,
                      TransactionOperations transactions, RunsProperties properties, RunJournal journal,
                      RunContinuations continuations) {
        this.continuations = continuations;
        this.agents = agents;
        this.loop = loop;
        this.sessions = sessions;
        this.runs = runs;
        this.clock = clock;
        this.budgets = budgets;
        this.rateLimits = rateLimits;
        this.telemetry = telemetry;
        this.records = new GroupCommit(transactions, RECORDS_PER_COMMIT);
        this.properties = properties;
        this.journal = journal;
    }

    /** The agent a command would run, or {@link UnknownAgentException}. */
    public AgentDefinition agentFor(String name) {
        return agents.find(name).orElseThrow(() -> new UnknownAgentException(name));
    }

    /** The agent a command runs: the named one, with the command's time limit where that is shorter. */
    private AgentDefinition agentRunning(RunCommand command) {
        AgentDefinition agent = agentFor(command.agent());
        if (command.timeLimit() != null
                && (agent.timeLimit() == null || command.timeLimit().compareTo(agent.timeLimit()) < 0)) {
            agent = agent.withTimeLimit(command.timeLimit());
        }
        return agent;
    }

    /**
     * When a run of {@code command} starting now is presumed lost if it has not ended (its process died): its
     * time limit plus {@link RunsProperties#graceAfterTimeLimit}. Its spend reservation is held until then, and
     * its event stream may be ended by a follower after it.
     *
     * @throws UnknownAgentException for an agent that does not exist
     */
    public Instant presumedLostAt(RunCommand command) {
        return properties.presumedLostAt(clock.instant(), agentRunning(command).timeLimit());
    }

    /** The budget a command runs under: the agent's caps, lowered by the command's. */
    public Budget budgetFor(AgentDefinition agent, RunCommand command) {
        return agent.budget().lowerTo(command.maxTokens(), command.maxCostUsd());
    }

    /**
     * Runs the command on the calling thread.
     *
     * @throws io.agentry.server.guardrails.SpendBudgetExceededException      before running, when the run's
     *         worst case does not fit in a spend budget (retriable after its reset)
     * @throws io.agentry.server.guardrails.SpendBudgetUnenforceableException before running, when a budget
     *         applies and the model has no price
     */
    public RunOutcome run(RunCommand command, RunEventListener listener, Cancellation cancellation) {
        return run(command, listener, cancellation, () -> true);
    }

    /**
     * As {@link #run(RunCommand, RunEventListener, Cancellation)}, extending the session only if
     * {@code mayExtendSession} still agrees when the run has completed: a background task's attempt that
     * lost its lease meanwhile must not add its turn, since another attempt will add its own.
     */
    public RunOutcome run(RunCommand command, RunEventListener listener, Cancellation cancellation,
                          BooleanSupplier mayExtendSession) {
        AgentDefinition agent = agentRunning(command);
        boolean newSession = command.sessionId() == null;
        String sessionId = newSession ? Ids.timeOrdered() : command.sessionId();
        MDC.put("run_id", command.runId().value());
        MDC.put("session_id", sessionId);
        MDC.put("user_id", command.userId());
        MDC.put("agent", agent.name());
        try (RunTelemetry.RunSpan span = telemetry.startRun(command.runId().value(), agent, sessionId, command.mode(),
                command.taskId())) {
            Budget budget = budgetFor(agent, command);
            SpendBudgets.Reservation reservation = budgets.reserve(command.userId(), command.apiKey(), agent.model(), budget,
                    properties.presumedLostAt(clock.instant(), agent.timeLimit()));
            BigDecimal spent = BigDecimal.ZERO;
            try {
                // a session id made up just now has no history to read
                List<ChatMessage> history = newSession ? List.of() : historyWindow(agent, sessionId, command.userId());
                Instant started = clock.instant();
                long startNanos = System.nanoTime();
                RunInput input = new RunInput(command.runId(), agent, command.message(), history, budget,
                        command.userId(), sessionId, command.streaming(), command.resumed());
                // a run that is no task's attempt begins its chain (its id is the new run id): nothing to read back
                AttemptJournal attempt = command.taskId() == null
                        ? AttemptJournal.ofNewChain(journal, command.journalId(), command.userId(), command.fence(),
                                command.runId().value(), clock)
                        : AttemptJournal.of(journal, command.journalId(), command.userId(), command.fence(),
                                command.runId().value(), clock);
                RunResult result = loop.run(input, listener, cancellation, attempt);
                long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
                span.finished(result, latencyMs);
                spent = result.costUsd();
                rateLimits.recordTokens(command.userId(), result.usage().totalTokens());
                RunRecord record = new RunRecord(result.runId(), command.taskId(), command.userId(), sessionId, agent.name(),
                        result.model(), command.mode().wireName(), result.status(), result.success(), result.error(), result.iterations(),
                        result.toolCallsMade().size(), result.usage(), result.costUsd(), latencyMs, started,
                        started.plusMillis(latencyMs), command.scheduleId());
                // the session's new turn and the run record commit together, never a turn without its run or a run
                // whose turn was lost, in a commit shared with the runs that finished meanwhile (GroupCommit), and the
                // answer waits for it. mayExtendSession is asked inside the transaction, so what it checks (a task's
                // lease) can be held until the turn commits; the final answer's journal step commits with them too
                // (refused, like the turn, if the lease was lost)
                records.execute(status -> {
                    attempt.flush();
                    if (result.status() == RunStatus.COMPLETED && mayExtendSession.getAsBoolean()) {
                        sessions.append(sessionId, command.userId(), result.newMessages());
                    }
                    runs.save(record);
                });
                if (result.replayed().any()) {
                    LostAttempts.record(attempt.replay(), record, runs);
                }
                logSummary(command, result, latencyMs);
                if (result.status() == RunStatus.INTERRUPTED) {
                    // the reservation is settled below all the same: nothing is held while the run waits
                    Interruption interruption = new Interruption(result.iterations(), result.pendingCalls(),
                            clock.instant().plus(agent.approval().timeout()), List.of());
                    String continuedBy = command.taskId() != null ? null
                            : continuations.continueAsTask(command, agent.name(), sessionId, interruption);
                    return new RunOutcome(result, sessionId, agent.name(), latencyMs, started, interruption, continuedBy);
                }
                return new RunOutcome(result, sessionId, agent.name(), latencyMs, started);
            } finally {
                reservation.settle(spent);
            }
        } finally {
            MDC_KEYS.forEach(MDC::remove);
        }
    }

    /**
     * Refuses a session that belongs to another user, for requests that run later (a task, a stream) and
     * must be refused when they are submitted rather than fail when they run. A session that does not exist
     * yet is fine: the run creates it for this user.
     *
     * @throws io.agentry.store.SessionOwnedByAnotherUserException when the session is someone else's
     */
    public void checkSessionOwner(String sessionId, String userId) {
        if (sessionId != null) {
            sessions.historyBefore(sessionId, userId, SessionStore.NEWEST, 1);
        }
    }

    /**
     * What the agent's model is sent of a session's history (the agent's history window), read from the newest
     * message back, so that a run in a long session does not read all of it.
     *
     * @throws io.agentry.store.SessionOwnedByAnotherUserException when the session is someone else's
     */
    List<ChatMessage> historyWindow(AgentDefinition agent, String sessionId, String userId) {
        return agent.history().read(sessions.backwards(sessionId, userId), TokenCounter.forModel(agent.model()));
    }

    /**
     * The one line per run: its ids come from the MDC (run, session, user, agent, task, trace), the figures
     * are in the message and, for queries, in fields of their own.
     */
    private static void logSummary(RunCommand command, RunResult result, long latencyMs) {
        Usage usage = result.usage();
        String cost = result.costUsd() == null ? "unknown" : result.costUsd().toPlainString();
        log.atInfo()
                .addKeyValue("outcome", result.status().wireName())
                .addKeyValue("mode", command.mode().wireName())
                .addKeyValue("model", result.model())
                .addKeyValue("iterations", result.iterations())
                .addKeyValue("tool_calls", result.toolCallsMade().size())
                .addKeyValue("input_tokens", usage.inputTokens())
                .addKeyValue("output_tokens", usage.outputTokens())
                .addKeyValue("cache_read_tokens", usage.cacheReadTokens())
                .addKeyValue("cache_write_tokens", usage.cacheWriteTokens())
                .addKeyValue("total_tokens", usage.totalTokens())
                .addKeyValue("cost_usd", cost)
                .addKeyValue("latency_ms", latencyMs)
                .log("run finished: {} in {} ms, {} iteration(s), {} tokens, ${}{}", result.status().wireName(), latencyMs,
                        result.iterations(), usage.totalTokens(), cost, result.error() == null ? "" : ": " + result.error());
    }
}
