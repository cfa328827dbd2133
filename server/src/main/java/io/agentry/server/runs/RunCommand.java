package io.agentry.server.runs;

import io.agentry.approval.Interruption;
import io.agentry.journal.Fence;
import io.agentry.run.RunId;
import io.agentry.run.RunMode;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * A request to run an agent once, from any entry point (sync, stream, background task).
 *
 * @param agent      null for the default agent
 * @param sessionId  null to start a new session
 * @param maxTokens  may only lower the agent's cap; null keeps it
 * @param maxCostUsd may only lower the agent's cap; null keeps it
 * @param mode       how the run was asked for
 * @param apiKey     name of the API key that asked for the run, for per-key spend budgets; null when unknown
 * @param taskId     the background task this run is an attempt of, or null
 * @param timeLimit  may only shorten the agent's soft time limit; null keeps it
 * @param scheduleId the schedule that made the run's task, or null
 * @param leaseToken the lease token of the task attempt this run is (which fences its journal writes), or null
 * @param resumed    the interruption (with its decisions) this run continues, or null
 */
public record RunCommand(RunId runId, String userId, String message, String agent, String sessionId,
                         Long maxTokens, BigDecimal maxCostUsd, RunMode mode, String apiKey, String taskId,
                         Duration timeLimit, String scheduleId, String leaseToken, Interruption resumed) {

    private static final String NOT_A_TASK = null;
    private static final Duration AGENTS_TIME_LIMIT = null;
    private static final String NOT_SCHEDULED = null;
    private static final String NO_LEASE = null;
    private static final Interruption NOT_RESUMED = null;

    /** A run that continues no interruption. */
    public RunCommand(RunId runId, String userId, String message, String agent, String sessionId,
                      Long maxTokens, BigDecimal maxCostUsd, RunMode mode, String apiKey, String taskId,
                      Duration timeLimit, String scheduleId, String leaseToken) {
        this(runId, userId, message, agent, sessionId, maxTokens, maxCostUsd, mode, apiKey, taskId, timeLimit, scheduleId,
                leaseToken, NOT_RESUMED);
    }

    /** A run whose journal is not fenced by a lease. */
    public RunCommand(RunId runId, String userId, String message, String agent, String sessionId,
                      Long maxTokens, BigDecimal maxCostUsd, RunMode mode, String apiKey, String taskId,
                      Duration timeLimit, String scheduleId) {
        this(runId, userId, message, agent, sessionId, maxTokens, maxCostUsd, mode, apiKey, taskId, timeLimit, scheduleId,
                NO_LEASE);
    }

    /** A run that is not part of a background task. */
    public RunCommand(RunId runId, String userId, String message, String agent, String sessionId,
                      Long maxTokens, BigDecimal maxCostUsd, RunMode mode, String apiKey) {
        this(runId, userId, message, agent, sessionId, maxTokens, maxCostUsd, mode, apiKey, NOT_A_TASK, AGENTS_TIME_LIMIT,
                NOT_SCHEDULED);
    }

    /**
     * The id of the run's chain of attempts in the journal: the task's for a task attempt (its attempts replay one
     * another's steps), else the run's own.
     */
    public String journalId() {
        return taskId != null ? taskId : runId.value();
    }

    /** What fences the run's journal writes: the task attempt's lease, or nothing for a run that is no task's attempt. */
    public Fence fence() {
        return taskId != null && leaseToken != null ? new Fence(taskId, leaseToken) : Fence.NONE;
    }

    /** Whether the model is called in streaming mode, so token events arrive as they are produced. */
    public boolean streaming() {
        return mode.streamsTokens();
    }
}
