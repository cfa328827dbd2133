package io.agentry.queue;

import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.run.RunStatus;
import java.time.Instant;
import java.util.List;

/**
 * A background task as the queue keeps it.
 *
 * <p>A queue makes new states of a task only through {@link #queued} and the withers below, never with the
 * constructor: every wither that changes the status checks it against {@link RunStatus}'s table
 * ({@link IllegalStateException} for a move the table forbids), so an in-memory queue cannot write an illegal
 * transition. The constructor and {@link #builder} are for stores reading back a task they persisted.
 *
 * @param attempts   claims so far (the running attempt included); a lost worker's attempt counts
 * @param maxRetries attempts after the first that a retriable failure may get
 * @param runAfter   not claimable before this instant (retry backoff)
 * @param lease      the current claim while running, else null
 * @param resultJson the final run response as JSON, once there is one
 * @param interruption while interrupted, the tool calls that wait for approval; after a resume, the same with the
 *                     decisions, which the next attempt follows; null for a task never interrupted
 */
public record Task(String taskId, TaskRequest request, String idempotencyKey, String requestHash, RunStatus status,
                   int attempts, int maxRetries, Instant runAfter, Lease lease, boolean cancelRequested,
                   String resultJson, String error, Instant createdAt, Instant startedAt, Instant finishedAt,
                   Interruption interruption) {

    /** Whether a retriable failure of the current attempt may be retried. */
    public boolean hasRetriesLeft() {
        return attempts <= maxRetries;
    }

    /** A new task, queued and claimable from {@code now}: never attempted, no lease, no result. */
    public static Task queued(String taskId, TaskRequest request, String idempotencyKey, String requestHash,
                              int maxRetries, Instant now) {
        return builder(taskId, request).idempotencyKey(idempotencyKey).requestHash(requestHash).maxRetries(maxRetries)
                .runAfter(now).createdAt(now).build();
    }

    /** Claimed by {@code lease} at {@code now}: running, one more attempt, started now unless it started before. */
    public Task claimed(Lease lease, Instant now) {
        return moved(RunStatus.RUNNING).attempts(attempts + 1).lease(lease).cancelRequested(false)
                .startedAt(startedAt == null ? now : startedAt).build();
    }

    /**
     * Back in the queue, claimable from {@code runAfter}, with {@code attempts} counted (one less when the attempt
     * is not to count) and {@code error} saying why; a cancel request belonged to the attempt and goes with it.
     */
    public Task requeued(Instant runAfter, int attempts, String error) {
        return moved(RunStatus.QUEUED).runAfter(runAfter).attempts(attempts).lease(null).cancelRequested(false)
                .error(error).build();
    }

    /**
     * Stopped to wait for approval of {@code waiting}'s calls: interrupted, without a lease (no worker holds it while
     * it waits); a cancel request belonged to the attempt and goes with it.
     */
    public Task interrupted(Interruption waiting) {
        return moved(RunStatus.INTERRUPTED).lease(null).cancelRequested(false).interruption(waiting).build();
    }

    /**
     * Resumed with {@code decisions} on its pending calls: back in the queue, claimable from {@code now}; the attempt
     * that ended in the interruption does not count against the retries (it did not fail).
     */
    public Task resumed(List<Decision> decisions, Instant now) {
        return moved(RunStatus.QUEUED).runAfter(now).attempts(Math.max(0, attempts - 1))
                .interruption(interruption.decided(decisions)).build();
    }

    /**
     * Ended with {@code outcome} at {@code now}; the lease is gone.
     *
     * @throws IllegalArgumentException if {@code outcome} is not a final status
     */
    public Task finished(RunStatus outcome, String resultJson, String error, Instant now) {
        if (!outcome.isTerminal()) {
            throw new IllegalArgumentException("not a final status: " + outcome);
        }
        return moved(outcome).lease(null).resultJson(resultJson).error(error).finishedAt(now).build();
    }

    /** The running task under a renewed {@code lease}; the status does not change. */
    public Task withLease(Lease lease) {
        if (status != RunStatus.RUNNING) {
            throw new IllegalStateException("only a running task has a lease, not a " + status.wireName() + " one");
        }
        return toBuilder().lease(lease).build();
    }

    /** This task with a cancel requested; the status does not change (ending it is a move of its own). */
    public Task withCancelRequested() {
        return toBuilder().cancelRequested(true).build();
    }

    /** A copy of this task moving to {@code next}, refused here if the table does not allow the move. */
    private Builder moved(RunStatus next) {
        return toBuilder().status(status.checkTransitionTo(next));
    }

    private Builder toBuilder() {
        return builder(taskId, request).idempotencyKey(idempotencyKey).requestHash(requestHash).status(status)
                .attempts(attempts).maxRetries(maxRetries).runAfter(runAfter).lease(lease).cancelRequested(cancelRequested)
                .resultJson(resultJson).error(error).createdAt(createdAt).startedAt(startedAt).finishedAt(finishedAt)
                .interruption(interruption);
    }

    /**
     * A task in any state, for a store that reads back what it persisted (and tests that need a given state):
     * queued, never attempted and without anything else until set.
     */
    public static Builder builder(String taskId, TaskRequest request) {
        return new Builder(taskId, request);
    }

    /** The parts of a {@link Task} by name; see {@link #builder}. */
    public static final class Builder {
        private final String taskId;
        private final TaskRequest request;
        private String idempotencyKey;
        private String requestHash;
        private RunStatus status = RunStatus.QUEUED;
        private int attempts;
        private int maxRetries;
        private Instant runAfter;
        private Lease lease;
        private boolean cancelRequested;
        private String resultJson;
        private String error;
        private Instant createdAt;
        private Instant startedAt;
        private Instant finishedAt;
        private Interruption interruption;

        private Builder(String taskId, TaskRequest request) {
            this.taskId = taskId;
            this.request = request;
        }

        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        public Builder requestHash(String requestHash) {
            this.requestHash = requestHash;
            return this;
        }

        public Builder status(RunStatus status) {
            this.status = status;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder runAfter(Instant runAfter) {
            this.runAfter = runAfter;
            return this;
        }

        public Builder lease(Lease lease) {
            this.lease = lease;
            return this;
        }

        public Builder cancelRequested(boolean cancelRequested) {
            this.cancelRequested = cancelRequested;
            return this;
        }

        public Builder resultJson(String resultJson) {
            this.resultJson = resultJson;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder finishedAt(Instant finishedAt) {
            this.finishedAt = finishedAt;
            return this;
        }

        public Builder interruption(Interruption interruption) {
            this.interruption = interruption;
            return this;
        }

        public Task build() {
            return new Task(taskId, request, idempotencyKey, requestHash, status, attempts, maxRetries, runAfter, lease,
                    cancelRequested, resultJson, error, createdAt, startedAt, finishedAt, interruption);
        }
    }
}
