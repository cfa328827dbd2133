package io.agentry.server.runs;

import io.agentry.approval.Interruption;
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
 * @param resumed    the interruption (with its decisions) this run continues, or null
 */
public record RunCommand(RunId runId, String userId, String message, String agent, String sessionId,
                         Long maxTokens, BigDecimal maxCostUsd, RunMode mode, String apiKey, String taskId,
                         Duration timeLimit, String scheduleId, Interruption resumed) {

    /** A run that continues no interruption. */
    public RunCommand(RunId runId, String userId, String message, String agent, String sessionId,
                      Long maxTokens, BigDecimal maxCostUsd, RunMode mode, String apiKey, String taskId,
                      Duration timeLimit, String scheduleId) {
        this(runId, userId, message, agent, sessionId, maxTokens, maxCostUsd, mode, apiKey, taskId, timeLimit,
                scheduleId, null);
    }

    private static final String NOT_A_TASK = null;
    private static final Duration AGENTS_TIME_LIMIT = null;
    private static final String NOT_SCHEDULED = null;

    /** A run that is not part of a background task. */
    public RunCommand(RunId runId, String userId, String message, String agent, String sessionId,
                      Long maxTokens, BigDecimal maxCostUsd, RunMode mode, String apiKey) {
        this(runId, userId, message, agent, sessionId, maxTokens, maxCostUsd, mode, apiKey, NOT_A_TASK, AGENTS_TIME_LIMIT,
                NOT_SCHEDULED);
    }

    /** Whether the model is called in streaming mode, so token events arrive as they are produced. */
    public boolean streaming() {
        return mode.streamsTokens();
    }
}
