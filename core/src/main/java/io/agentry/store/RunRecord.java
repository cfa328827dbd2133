package io.agentry.store;

import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A finished (or, for background tasks, started) run as the store keeps it: the row behind the usage
 * ledger and the cost estimates.
 *
 * @param mode       how the run was requested: {@code sync}, {@code stream} or {@code task}
 * @param costUsd    null when the model has no known price
 * @param finishedAt null while the run is in flight
 * @param taskId     the background task this run was an attempt of; null for sync and stream runs
 * @param scheduleId the schedule whose task this run was an attempt of; null for runs no schedule made
 */
public record RunRecord(String runId, String taskId, String userId, String sessionId, String agent, String model, String mode,
                        RunStatus status, boolean success, String error, int iterations, int toolCalls,
                        Usage usage, BigDecimal costUsd, long latencyMs, Instant createdAt, Instant finishedAt,
                        String scheduleId) {

    /** A run no schedule made. */
    public RunRecord(String runId, String taskId, String userId, String sessionId, String agent, String model, String mode,
                     RunStatus status, boolean success, String error, int iterations, int toolCalls,
                     Usage usage, BigDecimal costUsd, long latencyMs, Instant createdAt, Instant finishedAt) {
        this(runId, taskId, userId, sessionId, agent, model, mode, status, success, error, iterations, toolCalls, usage,
                costUsd, latencyMs, createdAt, finishedAt, null);
    }
}
