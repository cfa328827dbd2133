package io.agentry.queue;

import io.agentry.run.RunStatus;
import java.time.Instant;

/**
 * A background task as the queue keeps it.
 *
 * @param attempts   claims so far (the running attempt included); a lost worker's attempt counts
 * @param maxRetries attempts after the first that a retriable failure may get
 * @param runAfter   not claimable before this instant (retry backoff)
 * @param lease      the current claim while running, else null
 * @param resultJson the final run response as JSON, once there is one
 */
public record Task(String taskId, TaskRequest request, String idempotencyKey, String requestHash, RunStatus status,
                   int attempts, int maxRetries, Instant runAfter, Lease lease, boolean cancelRequested,
                   String resultJson, String error, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** Whether a retriable failure of the current attempt may be retried. */
    public boolean hasRetriesLeft() {
        return attempts <= maxRetries;
    }
}
