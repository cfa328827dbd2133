package io.agentry.store;

import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Run records for tests, named field by field: a completed sync run of the default agent unless told
 * otherwise, finished {@code latencyMs} after it was created.
 */
public final class RunRecords {

    private String runId = UUID.randomUUID().toString();
    private String taskId;
    private String userId;
    private String sessionId;
    private String agent = "default";
    private String model;
    private String mode = "sync";
    private RunStatus status = RunStatus.COMPLETED;
    private boolean success = true;
    private int iterations = 1;
    private int toolCalls;
    private Usage usage = Usage.ZERO;
    private BigDecimal costUsd;
    private long latencyMs = 10;
    private Instant createdAt = Instant.now();
    private boolean finished = true;
    private Instant finishedAt;
    private String scheduleId;

    private RunRecords(String userId, String model) {
        this.userId = userId;
        this.model = model;
    }

    /** A completed run of {@code userId} on {@code model}. */
    public static RunRecords run(String userId, String model) {
        return new RunRecords(userId, model);
    }

    public RunRecords id(String runId) {
        this.runId = runId;
        return this;
    }

    public RunRecords task(String taskId) {
        this.taskId = taskId;
        this.mode = "task";
        return this;
    }

    public RunRecords agent(String agent) {
        this.agent = agent;
        return this;
    }

    /** Ends with {@code status} (success only when completed). */
    public RunRecords status(RunStatus status) {
        this.status = status;
        this.success = status == RunStatus.COMPLETED;
        return this;
    }

    /** Still in flight: running, unsuccessful so far, not finished. */
    public RunRecords running() {
        status(RunStatus.RUNNING);
        this.finished = false;
        this.latencyMs = 0;
        this.iterations = 0;
        return this;
    }

    public RunRecords iterations(int iterations) {
        this.iterations = iterations;
        return this;
    }

    public RunRecords toolCalls(int toolCalls) {
        this.toolCalls = toolCalls;
        return this;
    }

    public RunRecords usage(Usage usage) {
        this.usage = usage;
        return this;
    }

    /** Its cost in USD as a decimal string; null for a model with no price. */
    public RunRecords cost(String usd) {
        this.costUsd = usd == null ? null : new BigDecimal(usd);
        return this;
    }

    public RunRecords latencyMs(long latencyMs) {
        this.latencyMs = latencyMs;
        return this;
    }

    public RunRecords at(Instant createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    /** When it finished, if not {@code latencyMs} after it was created. */
    public RunRecords finishedAt(Instant finishedAt) {
        this.finishedAt = finishedAt;
        return this;
    }

    public RunRecords schedule(String scheduleId) {
        this.scheduleId = scheduleId;
        return this;
    }

    public RunRecord build() {
        String noError = null;
        return new RunRecord(runId, taskId, userId, sessionId, agent, model, mode, status, success, noError, iterations,
                toolCalls, usage, costUsd, latencyMs, createdAt, !finished ? null : finishedAt != null ? finishedAt : createdAt.plusMillis(latencyMs), scheduleId);
    }
}
